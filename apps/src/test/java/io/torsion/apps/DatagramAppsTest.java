package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.RecordingDatagramTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code udpecho} and {@code multicast} against the tutorial's own Python clients, unchanged
 * (src/test/resources/tutorial): its UDP echo client, its multicast sender against
 * {@code multicast listen}, and its multicast receiver answering {@code multicast send}. They run
 * in a network namespace of their own ({@code unshare -n}, root), where the tutorial's port 10000
 * is free and a route for 224.0.0.0/4 on loopback exists; it vanishes with the script.
 */
class DatagramAppsTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    private static final List<String> SCRIPTS = List.of("datagram_apps.sh", "socket_echo_client_dgram.py",
            "socket_multicast_sender.py", "socket_multicast_receiver.py");

    @ParameterizedTest
    @MethodSource(BACKENDS)
    @Timeout(180)
    void tutorialClientsWorkUnchanged(String backend, @TempDir Path dir) throws Exception {
        for (String script : SCRIPTS) {
            try (InputStream in = DatagramAppsTest.class.getResourceAsStream("/tutorial/" + script)) {
                Files.copy(in, dir.resolve(script));
            }
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("unshare", "-n", "bash", "datagram_apps.sh", java,
                System.getProperty("java.class.path"), backend)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script ended");
        if (!output.contains("namespace ready")) {
            Assumptions.abort("cannot run the tutorial clients: no network namespace (needs root and unshare): "
                    + output.strip());
        }
        String logs = output + files(dir, "udpecho.err", "listen.err");

        assertEquals(0, process.exitValue(), logs);
        assertTrue(output.contains("received b'This is the message.  It will be repeated.'"), logs);
        assertTrue(output.contains("received b'ack' from ('127.0.0.1', 10000)"), logs);
        assertTrue(output.contains("received \"ack\" from 127.0.0.1:10000"), logs);
        assertTrue(output.contains("b'very important data'"), "the receiver saw torsion's message\n" + logs);
        assertTrue(output.contains("timed out, no more responses"), logs);
        assertTrue(output.contains("udpecho exit 0") && output.contains("listen exit 0")
                && output.contains("send exit 0"), "every app exits 0\n" + logs);
    }

    private static String files(Path dir, String... names) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                all.append("\n--- ").append(name).append('\n').append(Files.readString(file));
            }
        }
        return all.toString();
    }

    @Test
    void udpEchoAnswersEachDatagramToItsSender() throws Exception {
        RecordingDatagramTransport port = RecordingDatagramTransport.start(new UdpEchoServer());
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        InetSocketAddress b = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);

        port.receive("one", a);
        port.receive("", b);

        assertEquals(List.of(new RecordingDatagramTransport.Sent("one".getBytes(StandardCharsets.UTF_8), a),
                new RecordingDatagramTransport.Sent(new byte[0], b)), port.sent());
    }

    @Test
    void multicastListenerAcknowledgesEveryMessage() {
        RecordingDatagramTransport port = RecordingDatagramTransport.start(new MulticastListener());
        InetSocketAddress sender = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4444);

        port.receive("very important data", sender);

        assertEquals(List.of("ack"), port.sentTexts());
        assertEquals(sender, port.sent().get(0).to());
    }
}
