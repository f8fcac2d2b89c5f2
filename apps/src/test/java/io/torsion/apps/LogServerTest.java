package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Reactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class LogServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    private static final int CLIENTS = 20;
    private static final int LINES = 50;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static Stream<Arguments> backendsAndSyncModes() {
        return Backends.names().stream().flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)));
    }

    @ParameterizedTest
    @MethodSource("backendsAndSyncModes")
    void concurrentClientsLinesAreEachLoggedOnceAndWholeInTheirOrder(String backend, boolean fsync) throws Exception {
        Path file = dir.resolve("torsion.log");
        Files.writeString(file, "kept from before\n");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        Map<String, Integer> expected = new HashMap<>();
        List<List<String>> perClient = new ArrayList<>();
        try (InProcessServer server = InProcessServer.startWith(backend, r -> logServer(r, file, fsync, 16384))) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(CompletableFuture.supplyAsync(() -> logLines(server.port(), client, go), pool));
            }
            go.countDown();
            for (CompletableFuture<List<String>> client : clients) {
                List<String> records = client.get(40, TimeUnit.SECONDS);
                records.forEach(line -> expected.merge(line, 1, Integer::sum));
                perClient.add(records);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> logged = Files.readAllLines(file, UTF_8);
        assertEquals("kept from before", logged.get(0), "the file is appended to, not replaced");
        List<String> records = logged.subList(1, logged.size());
        Map<String, Integer> counted = new HashMap<>();
        records.forEach(line -> counted.merge(line, 1, Integer::sum));
        assertEquals(CLIENTS * LINES, expected.size());
        assertEquals(expected, counted);
        for (List<String> client : perClient) {
            assertEquals(client, records.stream().filter(client::contains).toList(), "one client's lines in its order");
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndSyncModes")
    void linesReadInOneTurnGoOutInOneWriteAndAreAcknowledgedAfterIt(String backend, boolean fsync) throws Exception {
        Path file = dir.resolve("batched.log");
        try (InProcessServer server = InProcessServer.startWith(backend, r -> logServer(r, file, fsync, 16384));
                WireClient client = WireClient.connect(server.port())) {
            client.send("first\nsecond é\r\nthird\n");
            client.expect("OK").expect("OK").expect("OK");
            String peer = "127.0.0.1:" + client.localPort();
            String records = peer + " === first\n" + peer + " === second é\n" + peer + " === third\n";
            assertEquals(records, Files.readString(file, UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void oneSendOfManyLinesIsOneWrite(String backend) throws Exception {
        Path file = dir.resolve("one-write.log");
        try (SlowDisk disk = SlowDisk.fast();
                InProcessServer server = InProcessServer.startWith(backend, r -> logServer(r, file, false, disk));
                WireClient client = WireClient.connect(server.port())) {
            client.send("a\nb\nc\nd\n");
            client.expect("OK").expect("OK").expect("OK").expect("OK");
            String peer = "127.0.0.1:" + client.localPort();
            assertEquals(List.of(peer + " === a\n" + peer + " === b\n" + peer + " === c\n" + peer + " === d\n"),
                    disk.batches());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void slowSyncLeavesTimersAndOtherClientsRunning(String backend) throws Exception {
        Path file = dir.resolve("slow.log");
        SlowDisk disk = new SlowDisk();
        LogServer[] log = new LogServer[1];
        try (disk; InProcessServer server = InProcessServer.startWith(backend, r -> log[0] = logServer(r, file, true, disk));
                WireClient first = WireClient.connect(server.port());
                WireClient second = WireClient.connect(server.port());
                WireClient third = WireClient.connect(server.port())) {
            first.sendLine("first");
            Await.until("the first batch to reach the disk", WAIT, () -> disk.batches().size() == 1);

            // The disk holds the first batch; the loop must still run its timers and read every client.
            CompletableFuture<Void> timer = new CompletableFuture<>();
            server.onReactor(() -> server.reactor().callLater(Duration.ofMillis(20), () -> timer.complete(null)));
            second.sendLine("second 1");
            third.sendLine("third 1");
            second.sendLine("second 2");
            third.sendLine("third 2");
            timer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Await.until("four lines read while the disk is busy", WAIT,
                    () -> server.onReactor(() -> log[0].commit().queuedRecords()) == 4);
            assertEquals(1, disk.batches().size(), "nothing overtakes the batch with the disk");
            assertEquals(0, first.input().available(), "no OK before its sync returned");

            disk.release(1);
            first.expect("OK");
            Await.until("the second batch to reach the disk", WAIT, () -> disk.batches().size() == 2);
            String p2 = "127.0.0.1:" + second.localPort() + " === ";
            String p3 = "127.0.0.1:" + third.localPort() + " === ";
            String batch = disk.batches().get(1);
            assertEquals(Set.of(p2 + "second 1", p2 + "second 2", p3 + "third 1", p3 + "third 2"), Set.of(batch.split("\n")));
            assertTrue(batch.indexOf("second 1") < batch.indexOf("second 2") && batch.indexOf("third 1") < batch.indexOf("third 2"),
                    batch);
            assertEquals(0, second.input().available() + third.input().available(), "no OK before its sync returned");

            disk.release(1);
            second.expect("OK").expect("OK");
            third.expect("OK").expect("OK");
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void pastTheBoundReadingPausesAndNothingIsDropped(String backend) throws Exception {
        Path file = dir.resolve("bounded.log");
        int bound = 64 * 1024;
        int lines = 20_000; // about 1.4 MB of records: many times the bound
        SlowDisk disk = new SlowDisk();
        LogServer[] log = new LogServer[1];
        try (disk; InProcessServer server = InProcessServer.startWith(backend, r -> log[0] = logServer(r, file, true, 16384, bound, disk));
                WireClient client = WireClient.connect(server.port())) {
            String peer = "127.0.0.1:" + client.localPort() + " === ";
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    StringBuilder chunk = new StringBuilder();
                    for (int i = 0; i < lines; i++) {
                        chunk.append("line ").append(i).append(' ').append("x".repeat(40)).append('\n');
                        if (i % 100 == 99 || i == lines - 1) {
                            client.send(chunk.toString());
                            chunk.setLength(0);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until("reading to pause", WAIT, () -> server.onReactor(() -> log[0].commit().isReadingPaused()));
            long waiting = server.onReactor(() -> log[0].commit().waitingBytes());
            // Past the bound by at most what one read had delivered when the pause came.
            assertTrue(waiting > bound && waiting <= bound + 64 * 1024 + 16384, "waiting bytes " + waiting);

            disk.release(Integer.MAX_VALUE / 2);
            for (int i = 0; i < lines; i++) {
                client.expect("OK");
            }
            sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<String> logged = Files.readAllLines(file, UTF_8);
            assertEquals(lines, logged.size());
            for (int i = 0; i < lines; i++) {
                assertEquals(peer + "line " + i + " " + "x".repeat(40), logged.get(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void clientThatNeverReadsItsOksIsNoLongerReadWhileOthersAreServed(String backend) throws Exception {
        Path file = dir.resolve("hog.log");
        LogServer[] log = new LogServer[1];
        try (InProcessServer server = InProcessServer.startWith(backend, r -> log[0] = logServer(r, file, false, 16384));
                WireClient hog = WireClient.connectWithReceiveBuffer(server.port(), 4096)) {
            // Empty lines: each costs the hog one byte and the server a four-byte OK to queue.
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    byte[] lines = "\n".repeat(64 * 1024).getBytes(UTF_8);
                    for (int i = 0; i < 512; i++) {
                        hog.send(lines);
                    }
                } catch (Exception e) {
                    // the test closes the hog while it is still blocked sending
                }
            });
            Await.until("the hog no longer read", WAIT, () -> server.onReactor(() -> log[0].heldByReplies()) == 1);
            long queued = server.onReactor(() -> log[0].commit().waitingBytes());
            assertTrue(queued <= LogServer.DEFAULT_MAX_PENDING, "bytes waiting " + queued);
            try (WireClient other = WireClient.connect(server.port())) {
                other.sendLine("still served").expect("OK");
            }
            assertFalse(flood.isDone(), "the hog could send all 32 MiB: the server kept reading it");
            hog.close();
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void failedBatchAnswersEveryLineInItAndServingGoesOn(String backend) throws Exception {
        Path file = dir.resolve("failing.log");
        SlowDisk disk = new SlowDisk();
        LogServer[] log = new LogServer[1];
        try (disk; InProcessServer server = InProcessServer.startWith(backend, r -> log[0] = logServer(r, file, true, disk));
                WireClient first = WireClient.connect(server.port());
                WireClient second = WireClient.connect(server.port());
                WireClient third = WireClient.connect(server.port())) {
            first.sendLine("kept");
            Await.until("the first batch to reach the disk", WAIT, () -> disk.batches().size() == 1);
            second.sendLine("lost 1").sendLine("lost 2");
            third.sendLine("lost 3");
            Await.until("three lines read while the disk is busy", WAIT,
                    () -> server.onReactor(() -> log[0].commit().queuedRecords()) == 3);
            disk.release(1);
            first.expect("OK");
            Await.until("the second batch to reach the disk", WAIT, () -> disk.batches().size() == 2);
            disk.failFromNowOn(true);
            disk.release(1);
            second.expect("ERROR not logged").expectEnd();
            third.expect("ERROR not logged").expectEnd();

            disk.failFromNowOn(false);
            disk.release(10);
            first.sendLine("after").expect("OK");
            try (WireClient fourth = WireClient.connect(server.port())) {
                fourth.sendLine("new client").expect("OK");
                String p1 = "127.0.0.1:" + first.localPort() + " === ";
                String p4 = "127.0.0.1:" + fourth.localPort() + " === ";
                assertEquals(p1 + "kept\n" + p1 + "after\n" + p4 + "new client\n", Files.readString(file, UTF_8));
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aPoolWithNoThreadForTheDiskFailsTheLineLoudly(String backend) throws Exception {
        Path file = dir.resolve("no-thread.log");
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (InProcessServer server = InProcessServer.startWith(backend, r -> logServer(r, file, true, 16384));
                WireClient client = WireClient.connect(server.port())) {
            client.sendLine("before").expect("OK");
            // One thread, no queue, and that thread taken: the disk task is refused. The thread
            // counts as busy until the last disk task's outcome is handed back, so try until it is free.
            server.onReactor(() -> {
                server.reactor().configureThreadPool(1, 0);
                return null;
            });
            Await.until("the pool's one thread taken", WAIT, () -> server.onReactor(() -> {
                try {
                    server.reactor().callInThread(() -> {
                        busy.countDown();
                        awaitQuietly(release);
                    });
                    return true;
                } catch (RejectedExecutionException stillBusy) {
                    return false;
                }
            }));
            assertTrue(busy.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            client.sendLine("refused").expect("ERROR not logged").expectEnd();
            release.countDown();
            server.onReactor(() -> {
                server.reactor().configureThreadPool(4, 256); // the defaults: room again at once
                return null;
            });
            try (WireClient again = WireClient.connect(server.port())) {
                again.sendLine("after").expect("OK");
                String p1 = "127.0.0.1:" + client.localPort() + " === ";
                String p2 = "127.0.0.1:" + again.localPort() + " === ";
                assertEquals(p1 + "before\n" + p2 + "after\n", Files.readString(file, UTF_8));
            }
        } finally {
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void overLongLineIsRefusedNotLogged(String backend) throws Exception {
        Path file = dir.resolve("long.log");
        try (InProcessServer server = InProcessServer.startWith(backend, r -> logServer(r, file, false, 64));
                WireClient other = WireClient.connect(server.port());
                WireClient client = WireClient.connect(server.port())) {
            client.sendLine("z".repeat(65)).expect("ERROR line too long");
            client.expectEnd();
            other.sendLine("y".repeat(60)).expect("OK");
            assertEquals("127.0.0.1:" + other.localPort() + " === " + "y".repeat(60) + "\n", Files.readString(file, UTF_8));
        }
    }

    private static LogServer logServer(Reactor reactor, Path file, boolean fsync, int maxLine) {
        return new LogServer(reactor, file, fsync, maxLine, LogServer.DEFAULT_MAX_PENDING);
    }

    private static LogServer logServer(Reactor reactor, Path file, boolean fsync, SlowDisk disk) {
        return logServer(reactor, file, fsync, 16384, LogServer.DEFAULT_MAX_PENDING, disk);
    }

    private static LogServer logServer(Reactor reactor, Path file, boolean fsync, int maxLine,
            long maxPending, SlowDisk disk) {
        return new LogServer(reactor, file, fsync, maxLine, maxPending, disk);
    }

    /** Sends LINES lines, each after the previous one's OK; returns the records the file must hold. */
    private static List<String> logLines(int port, int client, CountDownLatch go) {
        List<String> records = new ArrayList<>();
        try (WireClient log = WireClient.connect(port)) {
            go.await();
            String peer = "127.0.0.1:" + log.localPort();
            for (int i = 0; i < LINES; i++) {
                String text = "client " + client + " line " + i + " " + "ü".repeat(i * 7);
                log.sendLine(text).expect("OK");
                records.add(peer + " === " + text);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return records;
    }
}
