package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.Factory;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** Small facts about 127.0.0.1 that tests check or need: free ports, echoes, collecting factories. */
final class Loopback {

    private Loopback() {
    }

    /** A free port on 127.0.0.1 that nothing listens on (bound and released by a plain socket). */
    static int closedPort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a plain server socket can bind 127.0.0.1:{@code port} right now. */
    static void assertPortFree(int port) {
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new AssertionError("port " + port + " cannot be bound again at once", e);
        }
    }

    /** Sends {@code text} and asserts the same bytes come back. */
    static void assertEchoes(Peer peer, String text) throws IOException {
        peer.write(text);
        assertEquals(text, peer.readText(text.getBytes(StandardCharsets.UTF_8).length), "echo of " + text);
    }

    /** A factory that makes its protocols with {@code make} and collects them in {@code sink}. */
    static <P extends Probe> Factory collecting(List<P> sink, Supplier<P> make) {
        return peer -> {
            P protocol = make.get();
            sink.add(protocol);
            return protocol;
        };
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort at cleanup: the test already has its verdict
        }
    }
}
