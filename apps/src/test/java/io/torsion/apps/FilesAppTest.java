package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code files} app on every backend: the tutorial's own Python client against
 * {@code files receive}, {@code files send} against a Python server written the tutorial's way, and
 * each bad-input rule of the receiver over a real socket.
 */
@Timeout(120)
class FilesAppTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Three files: a megabyte and a bit of random bytes, an empty one, and one with a UTF-8 name. */
    private List<Path> sampleFiles() throws IOException {
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        byte[] big = new byte[1024 * 1024 + 123];
        new Random(12).nextBytes(big);
        return List.of(Files.write(outbox.resolve("big.bin"), big),
                Files.write(outbox.resolve("empty.txt"), new byte[0]),
                Files.write(outbox.resolve("héllo wörld.txt"), "grüße\n".getBytes(UTF_8)));
    }

    private static void assertSameFiles(List<Path> sent, Path inbox) throws Exception {
        Await.until("every file stored in " + inbox, WAIT, () -> sent.stream().allMatch(f -> Files.exists(inbox.resolve(f.getFileName()))));
        for (Path f : sent) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(inbox.resolve(f.getFileName())), f.getFileName().toString());
        }
    }

    private Path script(String name) throws IOException {
        Path script = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/files/" + name)) {
            Files.copy(in, script);
        }
        return script;
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void tutorialClientSendsSeveralFilesToFilesReceive(String backend) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        List<Path> files = sampleFiles();
        try (Child server = Child.start(dir, "files", "receive", "--dir", inbox.toString(), "--port", "0", "--reactor", backend)) {
            String ready = server.readLine();
            assertTrue(ready != null && ready.startsWith("torsion files receive listening on 127.0.0.1:"), ready + "\n" + server.stderr());
            String port = ready.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1");
            List<String> command = new java.util.ArrayList<>(List.of("python3", script("file_client.py").toString(), "127.0.0.1", port));
            files.forEach(f -> command.add(f.toString()));
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), UTF_8);
            assertTrue(client.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the tutorial client did not finish");
            assertEquals(0, client.exitValue(), output);
            assertSameFiles(files, inbox);
            try (Stream<Path> left = Files.list(inbox)) {
                assertEquals(files.size(), left.count(), "only the files sent, no part file left");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void filesSendSendsToAServerWrittenTheTutorialsWay(String backend) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        List<Path> files = sampleFiles();
        Process server = new ProcessBuilder("python3", script("file_server.py").toString(), inbox.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("port "), "the tutorial server's first line: " + first);
            List<String> args = new java.util.ArrayList<>(List.of("files", "send", "127.0.0.1", first.substring(5), "--reactor", backend));
            files.forEach(f -> args.add(f.toString()));
            // As torsion.jar's manifest does: lets the epoll backend find the file's descriptor for sendfile(2).
            try (Child sender = Child.start(dir, List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"), null, args.toArray(String[]::new))) {
                assertEquals(0, sender.exitCode(), sender.stderr());
                String out = sender.readRest();
                assertTrue(out.contains("sent big.bin (1048699 bytes)") && out.contains("sent empty.txt (0 bytes)"), out);
            }
            assertTrue(server.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the tutorial server did not see the end");
            assertSameFiles(files, inbox);
        } finally {
            server.destroyForcibly();
        }
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void filesSendRefusesAMissingFileBeforeConnecting(String backend) throws Exception {
        try (Child sender = Child.start(dir, "files", "send", "127.0.0.1", "9", dir.resolve("nope").toString(), "--reactor", backend)) {
            assertEquals(1, sender.exitCode());
            assertTrue(sender.stderr().contains("cannot read " + dir.resolve("nope")), sender.stderr());
        }
    }

    // ---- the receiver's bad-input rules, in process, over real sockets -------------------------------

    /** What the receiver reported. */
    private static final class Recorded implements FileReceiveServer.Events {
        final List<String> stored = new CopyOnWriteArrayList<>();
        final List<String> skipped = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public void stored(SocketAddress peer, Path file, long size) {
            stored.add(file.getFileName() + ":" + size);
        }

        @Override
        public void skipped(SocketAddress peer, String reason) {
            skipped.add(reason);
        }

        @Override
        public void closed(SocketAddress peer, String reason) {
            closed.add(reason);
        }
    }

    private static byte[] header(byte[] name, long size) {
        ByteBuffer b = ByteBuffer.allocate(FileHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(name, 0, Math.min(name.length, FileHeader.NAME_BYTES)).position(40);
        return b.putLong(size).array();
    }

    private static byte[] file(String name, String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(name.getBytes(UTF_8), body.length()));
        out.writeBytes(body.getBytes(UTF_8));
        return out.toByteArray();
    }

    /**
     * Sends {@code parts} to a receiver storing in {@code inbox} (maximum size 1000) and closes,
     * then waits until the receiver reported {@code reports} events in all.
     */
    private static Recorded send(String backend, Path inbox, boolean overwrite, int reports, byte[]... parts) throws Exception {
        Recorded events = new Recorded();
        try (InProcessServer server = InProcessServer.start(backend, new FileReceiveServer(inbox, overwrite, 1000, events))) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
                OutputStream out = socket.getOutputStream();
                for (byte[] part : parts) {
                    out.write(part);
                }
            } catch (IOException closedEarly) {
                // the receiver may close first (a bad size): what it read decides the outcome
            }
            Await.until(reports + " reports from the receiver", WAIT,
                    () -> events.stored.size() + events.skipped.size() + events.closed.size() >= reports);
        }
        return events;
    }

    private Path inbox() throws IOException {
        return Files.createDirectories(dir.resolve("inbox"));
    }

    private static List<String> names(Path inbox) throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void aNameWithDirectoriesKeepsOnlyItsBaseName(String backend) throws Exception {
        Path inbox = inbox();
        Recorded events = send(backend, inbox, false, 2, file("../../escape.txt", "out?"), file("a/b/c.txt", "deep"));
        assertEquals(List.of("c.txt", "escape.txt"), names(inbox));
        assertFalse(Files.exists(dir.resolve("escape.txt")), "nothing written outside the directory");
        assertEquals("deep", Files.readString(inbox.resolve("c.txt")));
        assertEquals(List.of("escape.txt:4", "c.txt:4"), events.stored);
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void anExistingFileIsKeptUnlessOverwriteAndTheNextFileStillArrives(String backend) throws Exception {
        Path inbox = inbox();
        Files.writeString(inbox.resolve("old.txt"), "precious");
        Recorded kept = send(backend, inbox, false, 2, file("old.txt", "intruder"), file("new.txt", "fine"));
        assertEquals("precious", Files.readString(inbox.resolve("old.txt")));
        assertEquals("fine", Files.readString(inbox.resolve("new.txt")));
        assertTrue(kept.skipped.size() == 1 && kept.skipped.get(0).contains("old.txt exists"), kept.skipped.toString());
        Recorded replaced = send(backend, inbox, true, 1, file("old.txt", "replaced"));
        assertEquals("replaced", Files.readString(inbox.resolve("old.txt")));
        assertTrue(replaced.skipped.isEmpty(), replaced.skipped.toString());
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void aNegativeSizeOrOneAboveTheMaximumClosesTheConnectionWithAReason(String backend) throws Exception {
        Path inbox = inbox();
        Recorded negative = send(backend, inbox, false, 1, header("a.txt".getBytes(UTF_8), -5), file("b.txt", "never read"));
        assertTrue(negative.closed.size() == 1 && negative.closed.get(0).contains("negative size -5"), negative.closed.toString());
        Recorded large = send(backend, inbox, false, 1, header("c.txt".getBytes(UTF_8), 1001), new byte[1001]);
        assertTrue(large.closed.size() == 1 && large.closed.get(0).contains("above the maximum of 1000"), large.closed.toString());
        assertEquals(List.of(), names(inbox), "nothing stored, nothing partial");
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void aConnectionCutMidBodyRemovesThePartialFile(String backend) throws Exception {
        Path inbox = inbox();
        byte[] whole = file("cut.txt", "x".repeat(900));
        Recorded events = send(backend, inbox, false, 2, file("first.txt", "kept"), java.util.Arrays.copyOf(whole, FileHeader.SIZE + 500));
        assertEquals(List.of("first.txt"), names(inbox), "the complete file stays, the cut one leaves nothing");
        assertTrue(events.closed.size() == 1 && events.closed.get(0).contains("400 bytes before the end of cut.txt")
                && events.closed.get(0).contains("partial file was removed"), events.closed.toString());
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void emptyAndInvalidNamesAreSkippedWithAReasonAndTheNextFileArrives(String backend) throws Exception {
        Path inbox = inbox();
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes(header(new byte[] {'a', (byte) 0xff, 'b'}, 3));
        badUtf8.writeBytes("abc".getBytes(UTF_8));
        Recorded events = send(backend, inbox, false, 5, file("", "nameless"), file("..", "up"), file("dir/", "slash"),
                badUtf8.toByteArray(), file("good.txt", "ok"));
        assertEquals(List.of("good.txt"), names(inbox));
        assertEquals(4, events.skipped.size(), events.skipped.toString());
        assertTrue(events.skipped.get(0).contains("empty file name"), events.skipped.get(0));
        assertTrue(events.skipped.get(1).contains("no file name in '..'"), events.skipped.get(1));
        assertTrue(events.skipped.get(2).contains("no file name in 'dir/'"), events.skipped.get(2));
        assertTrue(events.skipped.get(3).contains("not UTF-8: 61ff62"), events.skipped.get(3));
        assertEquals(List.of(), events.closed);
    }

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void aConnectionEndingInsideAHeaderIsReported(String backend) throws Exception {
        Recorded events = send(backend, inbox(), false, 1, java.util.Arrays.copyOf(header("h.txt".getBytes(UTF_8), 1), 20));
        assertTrue(events.closed.size() == 1 && events.closed.get(0).contains("inside a header (20 of 48 bytes)"), events.closed.toString());
    }
}
