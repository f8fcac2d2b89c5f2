package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class LogServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    private static final int CLIENTS = 20;
    private static final int LINES = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void concurrentClientsLinesAreEachLoggedOnceAndWhole(String backend) throws Exception {
        Path file = dir.resolve("torsion.log");
        Files.writeString(file, "kept from before\n");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        Map<String, Integer> expected = new HashMap<>();
        try (InProcessServer server = InProcessServer.start(backend, new LogServer(file, false, 16384))) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(CompletableFuture.supplyAsync(() -> logLines(server.port(), client, go), pool));
            }
            go.countDown();
            for (CompletableFuture<List<String>> client : clients) {
                client.get(40, TimeUnit.SECONDS).forEach(line -> expected.merge(line, 1, Integer::sum));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> logged = Files.readAllLines(file, UTF_8);
        assertEquals("kept from before", logged.get(0), "the file is appended to, not replaced");
        Map<String, Integer> counted = new HashMap<>();
        logged.subList(1, logged.size()).forEach(line -> counted.merge(line, 1, Integer::sum));
        assertEquals(CLIENTS * LINES, expected.size());
        assertEquals(expected, counted);
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void fsyncModeAcknowledgesAfterWriting(String backend) throws Exception {
        Path file = dir.resolve("synced.log");
        try (InProcessServer server = InProcessServer.start(backend, new LogServer(file, true, 16384));
                WireClient client = WireClient.connect(server.port())) {
            client.send("first\nsecond é\r\n").expect("OK").expect("OK");
            String peer = "127.0.0.1:" + client.localPort();
            assertEquals(peer + " === first\n" + peer + " === second é\n", Files.readString(file, UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void overLongLineIsRefusedNotLogged(String backend) throws Exception {
        Path file = dir.resolve("long.log");
        try (InProcessServer server = InProcessServer.start(backend, new LogServer(file, false, 64));
                WireClient other = WireClient.connect(server.port());
                WireClient client = WireClient.connect(server.port())) {
            client.sendLine("z".repeat(65)).expect("ERROR line too long");
            client.expectEnd();
            other.sendLine("y".repeat(60)).expect("OK");
            assertEquals("127.0.0.1:" + other.localPort() + " === " + "y".repeat(60) + "\n", Files.readString(file, UTF_8));
        }
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
