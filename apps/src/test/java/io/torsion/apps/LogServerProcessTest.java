package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The log server as a user runs it, in its own process: killed under load, and on a file that cannot grow. */
@Timeout(90)
class LogServerProcessTest {

    private static final int CLIENTS = 16;
    private static final Pattern RECORD = Pattern.compile("127\\.0\\.0\\.1:(\\d+) === client (\\d+) line (\\d+) ~+");

    @TempDir
    Path dir;

    /** Every backend with and without --fsync on one loop, and with --fsync on a group of two loops. */
    static Stream<Arguments> backendsAndSyncModes() {
        return Backends.names().stream().flatMap(b -> Stream.of(
                Arguments.of(b, "--fsync", 1), Arguments.of(b, "", 1), Arguments.of(b, "--fsync", 2)));
    }

    /**
     * Without --fsync too: kill -9 ends the process, not the kernel, so what was written stays. On
     * two loops the clients are spread over both, which append to the one file batch by batch.
     */
    @ParameterizedTest
    @MethodSource("backendsAndSyncModes")
    void everyAcknowledgedLineSurvivesKillMinusNineUnderLoad(String backend, String sync, int loops) throws Exception {
        Path log = dir.resolve("killed.log");
        AtomicIntegerArray acked = new AtomicIntegerArray(CLIENTS);
        AtomicInteger total = new AtomicInteger();
        int[] ports = new int[CLIENTS];
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<String> args = new ArrayList<>(List.of("log", "--port", "0", "--reactor", backend, "--file", log.toString(),
                "--loops", Integer.toString(loops)));
        if (!sync.isEmpty()) {
            args.add(sync);
        }
        try (Child child = Child.start(dir, args.toArray(String[]::new))) {
            int port = LauncherTest.readyPort(child, "log", backend, loops);
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(CompletableFuture.runAsync(() -> logUntilCut(port, client, ports, acked, total), pool));
            }
            Await.until("300 acknowledged lines", Duration.ofSeconds(40), () -> total.get() >= 300);
            child.kill();
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        String text = Files.readString(log, UTF_8);
        assertTrue(text.endsWith("\n"), "the file ends with a whole record");
        int[] next = new int[CLIENTS];
        for (String line : text.split("\n")) {
            Matcher record = RECORD.matcher(line);
            assertTrue(record.matches(), "a whole record, not interleaved: " + line);
            int client = Integer.parseInt(record.group(2));
            assertEquals(ports[client], Integer.parseInt(record.group(1)), line);
            // Each client's lines once each, in its order, with none missing in between.
            assertEquals(next[client]++, Integer.parseInt(record.group(3)), line);
        }
        for (int c = 0; c < CLIENTS; c++) {
            assertTrue(next[c] >= acked.get(c), "client " + c + ": " + acked.get(c) + " acknowledged, " + next[c] + " in the file");
            assertTrue(next[c] <= acked.get(c) + 1, "client " + c + " had one line in flight at most");
        }
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void fileThatCannotGrowFailsTheBatchLoudlyAndServingGoesOn(String backend) throws Exception {
        int limit = 1024 * 1024; // above what the JVM writes itself (jnr-ffi unpacks a 140 KB library)
        Path log = dir.resolve("full.log");
        String before = "x".repeat(limit - 400 - 1) + "\n";
        Files.writeString(log, before);
        // A file-size limit makes writes past it fail with EFBIG, as a full disk fails with ENOSPC;
        // the JVM ignores SIGXFSZ.
        List<String> wrapper = List.of("prlimit", "--fsize=" + limit);
        try (Child child = Child.startUnder(dir, wrapper, "log", "--port", "0", "--reactor", backend, "--fsync",
                "--file", log.toString())) {
            int port = LauncherTest.readyPort(child, "log", backend);
            try (WireClient kept = WireClient.connect(port);
                    WireClient tooMuch = WireClient.connect(port);
                    WireClient again = WireClient.connect(port)) {
                kept.sendLine("a".repeat(100)).expect("OK");
                // Two lines in one send are one batch; the second does not fit: neither is logged.
                tooMuch.send("b".repeat(50) + "\n" + "c".repeat(400) + "\n").expect("ERROR not logged").expectEnd();
                again.sendLine("d".repeat(400)).expect("ERROR not logged").expectEnd();
                try (WireClient after = WireClient.connect(port)) {
                    after.sendLine("e".repeat(50)).expect("OK");
                    kept.sendLine("f".repeat(10)).expect("OK");
                    String p1 = "127.0.0.1:" + kept.localPort() + " === ";
                    String p4 = "127.0.0.1:" + after.localPort() + " === ";
                    assertEquals(before + p1 + "a".repeat(100) + "\n" + p4 + "e".repeat(50) + "\n" + p1 + "f".repeat(10) + "\n",
                            Files.readString(log, UTF_8), "nothing of the failed batches, not even a torn record");
                }
            }
            child.terminate();
            assertEquals(0, child.exitCode(), child.stderr());
            String stderr = child.stderr();
            assertEquals(1, count(stderr, "cannot write to " + log), "the error logged once per outage:\n" + stderr);
            assertTrue(stderr.contains("File too large"), stderr);
            assertTrue(stderr.contains("writing to " + log + " works again, after 2 failed batch(es)"), stderr);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    /** Logs lines one after another, each after the previous OK, until the server goes away. */
    private static void logUntilCut(int port, int client, int[] ports, AtomicIntegerArray acked, AtomicInteger total) {
        try (WireClient log = WireClient.connect(port)) {
            ports[client] = log.localPort();
            for (int i = 0; ; i++) {
                log.sendLine("client " + client + " line " + i + " " + "~".repeat(1 + (i * 13 + client) % 200));
                if (!"OK".equals(log.readLine())) {
                    return;
                }
                acked.incrementAndGet(client);
                total.incrementAndGet();
            }
        } catch (IOException | AssertionError e) {
            // the server was killed: the connection reset or ended mid-wait
        }
    }
}
