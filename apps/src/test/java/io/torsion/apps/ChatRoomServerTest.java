package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Factory;
import io.torsion.api.Reactor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
            CountDownLatch release = keepBusy(server.reactor(1));
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
     * Loop 1 is kept busy while A on loop 0 sends 2,000 lines of 1 kB: once loop 1 has more than
     * {@code --max-queue} bytes of lines to send, A is read no more, so the backlog stops there
     * instead of growing with what A sends; once loop 1 is free, B gets every line in order and A
     * is read again.
     */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aLoopThatFallsBehindHoldsBackTheSenderInsteadOfPilingUpLines(String backend) throws Exception {
        int maxQueue = 256 * 1024;
        int lines = 2000;
        String text = "y".repeat(1000);
        Function<Reactor, Factory> room = ChatRoomServer.perLoop(16384, maxQueue);
        List<ChatRoomServer> loops = new CopyOnWriteArrayList<>();
        ExecutorService talker = Executors.newSingleThreadExecutor();
        try (ServerLoops server = ServerLoops.start(backend, 2, loop -> {
                    ChatRoomServer made = (ChatRoomServer) room.apply(loop);
                    loops.add(made);
                    return made;
                });
                WireClient a = enter(server.connect(0));
                WireClient b = enter(server.connect(1), a)) {
            CountDownLatch release = keepBusy(server.reactor(1));
            Future<?> talking = talker.submit(() -> {
                for (int i = 0; i < lines; i++) {
                    a.sendLine(i + " " + text);
                }
                return null;
            });
            Await.until("loop 1's backlog past --max-queue", Duration.ofSeconds(30),
                    () -> loops.get(1).handedOverBytes() > maxQueue);
            assertEquals(1, (int) server.onLoop(0, () -> loops.get(0).heldBackCount()), "A held back");
            // Held back, A sends nothing more, so this is as far as the backlog goes.
            long backlog = loops.get(1).handedOverBytes();
            assertTrue(backlog <= maxQueue + 2 * text.length(), "backlog " + backlog + " bytes");

            release.countDown();
            for (int i = 0; i < lines; i++) {
                b.expect("<" + name(a) + "> " + i + " " + text);
            }
            talking.get(30, TimeUnit.SECONDS);
            a.sendLine("read again");
            b.expect("<" + name(a) + "> read again");
            assertEquals(0, (int) server.onLoop(0, () -> loops.get(0).heldBackCount()), "nobody held back");
        } finally {
            talker.shutdownNow();
        }
    }

    /** Keeps {@code loop} in a task until the returned latch is counted down (or 30 s passed). */
    private static CountDownLatch keepBusy(Reactor loop) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.callFromThread(() -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS), "loop busy");
        return release;
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
