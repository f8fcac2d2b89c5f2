package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ChatRoomServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    private static final String LOOPS = "io.torsion.apps.Backends#onOneAndTwoLoops";
    /** Lines of 1 kB A may be ahead of B: 32 kB, half the 64 KiB limit the room is given. */
    private static final int WINDOW = 32;

    @TempDir
    Path dir;

    /** On two loops A and C are on one, B on the other: every line and notice crosses. */
    @ParameterizedTest(name = "{0}, {1} loops")
    @MethodSource(LOOPS)
    void membersEnterRelayAndLeave(String backend, int loops) throws Exception {
        try (ServerLoops server = ServerLoops.start(backend, loops, ChatRoomServer.perLoop(16384, 1 << 20));
                WireClient a = enter(server.connect(0));
                WireClient b = enter(server.connect(1), a);
                WireClient c = enter(server.connect(2), a, b)) {
            String nameA = name(a);
            String nameB = name(b);
            String nameC = name(c);

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

    /** On two loops the sleeper and B are on the loop A is not on. */
    @ParameterizedTest(name = "{0}, {1} loops")
    @MethodSource(LOOPS)
    void memberThatNeverReadsIsDroppedWhileTheOthersChatOn(String backend, int loops) throws Exception {
        try (ServerLoops server = ServerLoops.start(backend, loops, ChatRoomServer.perLoop(16384, 64 * 1024));
                WireClient a = enter(server.connect(0));
                WireClient b = enter(server.connect(1), a);
                WireClient sleeper = enter(WireClient.connectWithReceiveBuffer(server.port(1), 4096), a, b)) {
            String nameA = name(a);
            String nameB = name(b);
            String nameSleeper = name(sleeper);

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

    /**
     * A loop runs what other loops handed it at the start of a turn, and may accept a newcomer
     * first. Loop 1 is kept busy while A enters on loop 0 and B connects to loop 1, so the notice
     * of A's entry reaches loop 1 only after B was accepted there; B still hears only what is said
     * after it came in.
     */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aNewcomerHearsNothingHandedOverBeforeItCameIn(String backend) throws Exception {
        try (ServerLoops server = ServerLoops.start(backend, 2, ChatRoomServer.perLoop(16384, 1 << 20))) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.reactor(1).callFromThread(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(busy.await(10, TimeUnit.SECONDS), "loop 1 busy");
            try (WireClient a = enter(server.connect(0));
                    WireClient b = server.connect(1)) {
                release.countDown();
                enter(b, a);
                a.sendLine("said after B came in");
                b.expect("<" + name(a) + "> said after B came in");
            }
        }
    }

    /**
     * Two loops, four members sending 750 lines each at once and two only listening, three on each
     * loop (or as the launcher's group spreads them): every member gets every other sender's lines, each sender's in the order sent, none
     * lost, none twice and none of its own; then one leaves and every loop hears it.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("io.torsion.apps.Backends#onTwoLoopsEachWay")
    void concurrentSendersReachEveryLoopInOrderExactlyOnce(String backend, Loops.Two way) throws Exception {
        int senders = 4;
        int listeners = 2;
        int lines = 750;
        ExecutorService threads = Executors.newCachedThreadPool();
        List<WireClient> members = new ArrayList<>();
        try (Loops server = way == Loops.Two.REACTORS
                ? ServerLoops.start(backend, 2, ChatRoomServer.perLoop(16384, 1 << 20))
                : LaunchedLoops.start(dir, "chatroom", backend, 2)) {
            for (int i = 0; i < senders + listeners; i++) {
                members.add(enter(server.connect(i), members.toArray(WireClient[]::new)));
            }
            Map<String, Integer> senderNames = new HashMap<>();
            for (int i = 0; i < senders; i++) {
                senderNames.put(name(members.get(i)), i);
            }
            List<Future<?>> work = new ArrayList<>();
            for (WireClient member : members) {
                work.add(threads.submit(() -> readEveryOtherSender(member, senderNames, lines)));
            }
            for (int i = 0; i < senders; i++) {
                WireClient sender = members.get(i);
                work.add(threads.submit(() -> sendNumbered(sender, lines)));
            }
            for (Future<?> done : work) {
                done.get(50, TimeUnit.SECONDS);
            }

            WireClient leaving = members.remove(members.size() - 1);
            leaving.close();
            for (WireClient member : members) {
                member.expect("[" + name(leaving) + "] left room");
            }
        } finally {
            threads.shutdownNow();
            for (WireClient member : members) {
                member.close();
            }
        }
    }

    /** Sends {@code line 0} to {@code line N-1}, fifty lines to a write. */
    private static Void sendNumbered(WireClient sender, int lines) throws IOException {
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            chunk.append("line ").append(i).append("\r\n");
            if (i % 50 == 49 || i == lines - 1) {
                sender.send(chunk.toString());
                chunk.setLength(0);
            }
        }
        return null;
    }

    /** Reads until every sender but {@code member} itself was heard {@code lines} times, checking each one's order. */
    private static Void readEveryOtherSender(WireClient member, Map<String, Integer> senders, int lines)
            throws IOException {
        Map<String, Integer> next = new HashMap<>();
        boolean sends = senders.containsKey(name(member));
        int expected = lines * (senders.size() - (sends ? 1 : 0));
        for (int heard = 0; heard < expected; heard++) {
            String line = member.readLine();
            int end = line.indexOf("> line ");
            assertTrue(line.startsWith("<") && end > 0, name(member) + " got " + line);
            String from = line.substring(1, end);
            assertTrue(senders.containsKey(from) && !from.equals(name(member)), name(member) + " got " + line);
            int seq = Integer.parseInt(line.substring(end + "> line ".length()));
            assertEquals(next.getOrDefault(from, 0), seq, name(member) + ": the next line from " + from);
            next.put(from, seq + 1);
        }
        return null;
    }

    /**
     * {@code newcomer} is welcomed with the number in the room, and each member already in hears it
     * enter before the next one comes: across loops only a sender's own lines keep an order, so
     * the test makes one.
     */
    private static WireClient enter(WireClient newcomer, WireClient... alreadyIn) throws Exception {
        newcomer.expect("welcome " + name(newcomer) + ", " + (alreadyIn.length + 1) + " in room");
        for (WireClient member : alreadyIn) {
            member.expect("[" + name(newcomer) + "] entered room");
        }
        return newcomer;
    }

    /** How the room names a client: the address of its end of the connection. */
    private static String name(WireClient client) {
        return "127.0.0.1:" + client.localPort();
    }
}
