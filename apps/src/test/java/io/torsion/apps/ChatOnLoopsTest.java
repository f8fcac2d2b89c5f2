package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The private chat served by two loops, its clients spread over both (by the test on two reactors
 * of its own, or by the group of the launcher's {@code --loops 2}): names stay unique and every
 * message is fetched exactly once, under concurrent logins and sends.
 */
@Timeout(60)
class ChatOnLoopsTest {

    private static final String TWO_LOOPS = "io.torsion.apps.Backends#onTwoLoopsEachWay";

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<WireClient> clients = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeClients() throws Exception {
        threads.shutdownNow();
        for (WireClient client : clients) {
            client.close();
        }
    }

    /** Eight clients on both loops ask for each of six names at the same moment: one of each gets it. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource(TWO_LOOPS)
    void concurrentLoginsGiveEachNameToExactlyOneClient(String backend, Loops.Two way) throws Exception {
        int names = 6;
        int contenders = 8;
        try (Loops server = chatOnTwoLoops(backend, way)) {
            for (int i = 0; i < names * contenders; i++) {
                clients.add(server.connect(i).expect("Please enter your nickname"));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                WireClient client = clients.get(i);
                String name = "n" + i % names;
                answers.add(threads.submit(() -> {
                    start.await();
                    return client.sendLine(name).readLine();
                }));
            }
            start.countDown();
            Map<String, Integer> welcomed = new HashMap<>();
            WireClient someWinner = null;
            for (int i = 0; i < clients.size(); i++) {
                String name = "n" + i % names;
                String answer = answers.get(i).get(30, TimeUnit.SECONDS);
                if (answer.equals("Welcome, " + name + "!")) {
                    welcomed.merge(name, 1, Integer::sum);
                    someWinner = clients.get(i);
                } else {
                    assertEquals("Nickname " + name + " is taken, please choose another", answer);
                }
            }
            for (int n = 0; n < names; n++) {
                assertEquals(1, welcomed.getOrDefault("n" + n, 0), "clients welcomed as n" + n);
            }
            someWinner.sendLine("list").expect("users: n0, n1, n2, n3, n4, n5");
        }
    }

    /**
     * Four senders and four receivers, half on each loop; each sender leaves 800 messages spread over
     * the receivers while they fetch: each receiver gets every message for it once, each sender's in
     * the order sent, and nothing more.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource(TWO_LOOPS)
    void messagesFromEveryLoopAreFetchedOnceInTheOrderSent(String backend, Loops.Two way) throws Exception {
        int receivers = 4;
        int senders = 4;
        int perSender = 800;
        try (Loops server = chatOnTwoLoops(backend, way)) {
            List<Future<?>> work = new ArrayList<>();
            for (int r = 0; r < receivers; r++) {
                WireClient receiver = login(server, r, "r" + r);
                int index = r;
                work.add(threads.submit(() -> fetchAll(receiver, index, receivers, senders, perSender)));
            }
            for (int s = 0; s < senders; s++) {
                WireClient sender = login(server, s + receivers, "s" + s);
                work.add(threads.submit(() -> leaveNumbered(sender, receivers, perSender)));
            }
            for (Future<?> done : work) {
                done.get(50, TimeUnit.SECONDS);
            }
            for (int r = 0; r < receivers; r++) {
                clients.get(r).sendLine("getmessage").expect("no new messages");
            }
        }
    }

    /** Message {@code k} goes to receiver {@code k % receivers}; every one is answered {@code queued}. */
    private static Void leaveNumbered(WireClient sender, int receivers, int count) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < count; k++) {
            lines.append('r').append(k % receivers).append(':').append(k).append('\n');
            if (k % 100 == 99 || k == count - 1) {
                sender.send(lines.toString());
                lines.setLength(0);
            }
        }
        for (int k = 0; k < count; k++) {
            sender.expect("queued for r" + k % receivers);
        }
        return null;
    }

    /** Fetches, twenty requests at a time, until every sender's messages for receiver {@code r} came, in order. */
    private static Void fetchAll(WireClient receiver, int r, int receivers, int senders, int perSender)
            throws Exception {
        Map<String, Integer> next = new HashMap<>();
        int expected = senders * (perSender / receivers);
        int got = 0;
        while (got < expected) {
            receiver.send("getmessage\n".repeat(20));
            for (int i = 0; i < 20; i++) {
                String line = receiver.readLine();
                if (line.equals("no new messages")) {
                    continue;
                }
                int colon = line.indexOf(':');
                assertTrue(colon > 0, "r" + r + " got " + line);
                String from = line.substring(0, colon);
                int k = Integer.parseInt(line.substring(colon + 1));
                assertEquals(next.getOrDefault(from, r), k, "r" + r + ": the next message from " + from);
                next.put(from, k + receivers);
                got++;
            }
        }
        assertEquals(expected, got, "r" + r + ": messages fetched");
        return null;
    }

    private Loops chatOnTwoLoops(String backend, Loops.Two way) throws Exception {
        return way == Loops.Two.REACTORS
                ? ServerLoops.start(backend, 2, ChatServer.perLoop(16384, ChatServer.DEFAULT_MAX_STORED, Duration.ofHours(1)))
                : LaunchedLoops.start(dir, "chat", backend, 2, "--mailbox-ttl", "1h");
    }

    /** Client {@code i} logged in as {@code name}. */
    private WireClient login(Loops server, int i, String name) throws Exception {
        WireClient client = server.connect(i);
        clients.add(client);
        client.expect("Please enter your nickname");
        return client.sendLine(name).expect("Welcome, " + name + "!");
    }
}
