package io.torsion.apps;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Unix-domain echo of the classic Python socket tutorial: its client, run by python3, against
 * {@code torsion echo --listen unix:./uds_socket}, on every backend. The client reads the echo in
 * 16-byte reads until it has as many bytes as it sent; torsion's echo greets first, so what it
 * reads is the greeting and then the start of its own message.
 */
@Timeout(90)
class UnixSocketTutorialTest {

    private static final String MESSAGE = "This is the message.  It will be repeated.";
    private static final String GREETING = "currently 1 open connections\r\n";
    private static final Pattern RECEIVED = Pattern.compile("received b'(.*)'");

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void tutorialClientGetsItsEchoInSixteenByteReads(String backend) throws Exception {
        Path script = dir.resolve("echo_client_uds.py");
        try (InputStream in = getClass().getResourceAsStream("/uds/echo_client_uds.py")) {
            Files.copy(in, script);
        }
        try (Child server = Child.startIn(dir, "echo", "--listen", "unix:./uds_socket", "--reactor", backend)) {
            String ready = server.readLine();
            assertTrue(ready != null && ready.matches("torsion echo listening on unix:\\./uds_socket \\(reactor "
                    + Pattern.quote(backend) + "(-[a-z]+)?\\)"), "ready line: " + ready + "\n" + server.stderr());

            List<byte[]> reads = runClient(script);
            byte[] all = concat(reads);
            for (byte[] read : reads) {
                assertTrue(read.length >= 1 && read.length <= 16, "a read of " + read.length + " bytes");
            }
            assertTrue(all.length >= MESSAGE.length(), "read " + all.length + " bytes, sent " + MESSAGE.length());
            String expected = GREETING + MESSAGE;
            assertEquals(expected.substring(0, all.length), new String(all, US_ASCII), "greeting, then the echo");

            server.terminate();
            assertEquals(0, server.exitCode(), server.stderr());
            assertFalse(Files.exists(dir.resolve("uds_socket")), "socket file left after a clean stop");
        }
    }

    /** Runs the tutorial client in {@link #dir} and returns what each of its reads got. */
    private List<byte[]> runClient(Path script) throws Exception {
        Path output = dir.resolve("client-output.txt");
        Process client = new ProcessBuilder("python3", script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!client.waitFor(Child.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            client.toHandle().destroyForcibly();
            fail("the tutorial client did not finish within " + Child.TIMEOUT + ":\n" + Files.readString(output, UTF_8));
        }
        String printed = Files.readString(output, UTF_8);
        assertEquals(0, client.exitValue(), printed);
        List<byte[]> reads = new ArrayList<>();
        for (String line : printed.lines().toList()) {
            Matcher m = RECEIVED.matcher(line);
            if (m.matches()) {
                reads.add(pythonBytes(m.group(1)));
            }
        }
        assertFalse(reads.isEmpty(), "no reads printed:\n" + printed);
        return reads;
    }

    /** The bytes of a Python bytes literal's body, as repr() writes printable ASCII and \r, \n, \t, \\, \', \xNN. */
    private static byte[] pythonBytes(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char escaped = body.charAt(++i);
            switch (escaped) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(escaped);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(List<byte[]> reads) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] read : reads) {
            all.write(read);
        }
        return all.toByteArray();
    }
}
