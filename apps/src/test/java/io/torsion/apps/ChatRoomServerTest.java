package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ChatRoomServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    /** Lines of 1 kB A may be ahead of B: 32 kB, half the 64 KiB limit the room is given. */
    private static final int WINDOW = 32;

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void membersEnterRelayAndLeave(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatRoomServer(16384, 1 << 20));
                WireClient a = WireClient.connect(server.port());
                WireClient b = WireClient.connect(server.port());
                WireClient c = WireClient.connect(server.port())) {
            String nameA = name(a);
            String nameB = name(b);
            String nameC = name(c);
            expectEntries(a, b, c);

            a.sendLine("hello, room");
            b.expect("<" + nameA + "> hello, room");
            c.expect("<" + nameA + "> hello, room");
            c.send("bare newline é\n");
            b.expect("<" + nameC + "> bare newline é");
            // A's next line is C's, not its own message echoed back.
            a.expect("<" + nameC + "> bare newline é");

            c.close();
            a.expect("[" + nameC + "] left room");
            b.expect("[" + nameC + "] left room");
            b.close();
            a.expect("[" + nameB + "] left room");
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void memberThatNeverReadsIsDroppedWhileTheOthersChatOn(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatRoomServer(16384, 64 * 1024));
                WireClient a = WireClient.connect(server.port());
                WireClient b = WireClient.connect(server.port());
                WireClient sleeper = WireClient.connectWithReceiveBuffer(server.port(), 4096)) {
            String nameA = name(a);
            String nameB = name(b);
            String nameSleeper = name(sleeper);
            expectEntries(a, b, sleeper);

            // A talks until the room drops the member that never reads. B reads everything, and A
            // stays at most WINDOW lines ahead of B, so B's own queue never nears the limit.
            AtomicBoolean dropped = new AtomicBoolean();
            Semaphore window = new Semaphore(WINDOW);
            String text = "x".repeat(1000);
            CompletableFuture<Integer> talking = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                try {
                    while (!dropped.get() && sent < 100_000 && System.nanoTime() < deadline) {
                        if (window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                            a.sendLine(text);
                            sent++;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return sent;
            });
            String line;
            int relayed = 0;
            while (!(line = b.readLine()).equals("[" + nameSleeper + "] left room")) {
                assertEquals("<" + nameA + "> " + text, line);
                relayed++;
                window.release();
            }
            dropped.set(true);
            int sent = talking.get(10, TimeUnit.SECONDS);
            for (int i = relayed; i < sent; i++) {
                b.expect("<" + nameA + "> " + text);
            }
            a.expect("[" + nameSleeper + "] left room");

            a.sendLine("still here");
            b.expect("<" + nameA + "> still here");
            b.sendLine("me too");
            a.expect("<" + nameB + "> me too");
        }
    }

    /** Three members entered in order: each is welcomed and announced to those already in. */
    private static void expectEntries(WireClient a, WireClient b, WireClient c) throws Exception {
        a.expect("welcome " + name(a) + ", 1 in room");
        a.expect("[" + name(b) + "] entered room");
        a.expect("[" + name(c) + "] entered room");
        b.expect("welcome " + name(b) + ", 2 in room");
        b.expect("[" + name(c) + "] entered room");
        c.expect("welcome " + name(c) + ", 3 in room");
    }

    /** How the room names a client: the address of its end of the connection. */
    private static String name(WireClient client) {
        return "127.0.0.1:" + client.localPort();
    }
}
