package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.Factory;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** True when this machine can bind IPv6 loopback, {@code ::1}. */
    static boolean hasIpv6Loopback() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The accept-queue length the kernel holds for the TCP listener on {@code port}, as {@code ss}
     * (iproute2) reports it in the Send-Q column of a listening socket.
     */
    static int listenBacklog(int port) {
        String out = run("ss", "-ltnH", "sport = :" + port).trim();
        String[] columns = out.split("\\s+");
        if (columns.length < 4 || !columns[0].equals("LISTEN")) {
            throw new AssertionError("ss shows no listener on port " + port + ": '" + out + "'");
        }
        return Integer.parseInt(columns[2]);
    }

    /** The kernel's cap on any accept queue. */
    static int somaxconn() {
        // Read as a stream: some kernels give /proc files a size that cuts Files.readString short.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/core/somaxconn"))) {
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (iproute2 provides ss): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
