package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.closedPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.endpoints.EndpointDescription;
import io.torsion.api.endpoints.Endpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoint strings: what a server or client endpoint names is where the reactor listens or
 * connects, over TCP on IPv4 and IPv6 and over Unix domain sockets.
 */
public interface EndpointConformance extends Kit {

    @Test
    @Tag("endpoints")
    default void serverEndpointListensOnTheInterfaceItNames() throws Exception {
        ListeningPort port = listenOn("tcp:0:interface=127.0.0.1", new CopyOnWriteArrayList<>());
        assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) port.address()).getAddress(), "bound address");
        Loopback.assertEchoes(closeAfter(Peer.connect(SocketKind.TCP4, port.address(), 0)), "through an endpoint");
    }

    @Test
    @Tag("endpoints")
    default void backlogOfTheEndpointReachesTheKernel() {
        ListeningPort given = listenOn("tcp:0:interface=127.0.0.1:backlog=7", new CopyOnWriteArrayList<>());
        ListeningPort usual = listenOn("tcp:0:interface=127.0.0.1", new CopyOnWriteArrayList<>());
        assertEquals(7, Loopback.listenBacklog(given.port()), "accept queue of backlog=7");
        assertEquals(Math.min(Reactor.DEFAULT_BACKLOG, Loopback.somaxconn()), Loopback.listenBacklog(usual.port()),
                "accept queue without backlog=");
    }

    @Test
    @Tag("endpoints")
    default void tcp6EndpointListensOnIpv6Loopback() throws Exception {
        Assumptions.assumeTrue(Loopback.hasIpv6Loopback(), "this machine has no ::1");
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenOn("tcp6:0:interface=\\:\\:1", servers);
        assertEquals(InetAddress.getByName("::1"), ((InetSocketAddress) port.address()).getAddress(), "bound address");
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("::1", port.port()), Peer.READ_TIMEOUT_MILLIS);
            client.setSoTimeout(Peer.READ_TIMEOUT_MILLIS);
            client.getOutputStream().write("six".getBytes(StandardCharsets.US_ASCII));
            assertEquals("six", new String(readExactly(client.getInputStream(), 3), StandardCharsets.US_ASCII));
        }
        EchoProbe server = awaitMade(servers, 1).get(0);
        assertEquals(InetAddress.getByName("::1"), call(() -> ((InetSocketAddress) server.transport().getPeer()).getAddress()), "peer address");
    }

    @Test
    @Tag("endpoints")
    default void clientEndpointConnectsToTheHostItNames() {
        ListeningPort port = listenOn("tcp:0:interface=127.0.0.1", new CopyOnWriteArrayList<>());
        assertClientEchoes("tcp:host=127.0.0.1:port=" + port.port() + ":timeout=10");
    }

    @Test
    @Tag("endpoints")
    default void clientEndpointConnectsToAnIpv6Host() {
        Assumptions.assumeTrue(Loopback.hasIpv6Loopback(), "this machine has no ::1");
        ListeningPort port = listenOn("tcp6:0:interface=\\:\\:1", new CopyOnWriteArrayList<>());
        assertClientEchoes("tcp:\\:\\:1:" + port.port());
    }

    @Test
    @Tag("endpoints")
    default void clientEndpointToAClosedPortIsRefused() {
        RecordingClientFactory factory = new RecordingClientFactory(this);
        String endpoint = "tcp:host=127.0.0.1:port=" + closedPort();
        exec(() -> Endpoints.clientFromString(endpoint).connect(reactor(), factory));
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        assertInstanceOf(ConnectionRefused.class, factory.failures.get(0), "failure reason");
    }

    @Test
    @Tag("endpoints")
    default void unixEndpointListensOnTheFileWithTheModeItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kit.sock");
        ListeningPort port = listenOn("unix:" + EndpointDescription.escape(file.toString()) + ":mode=660",
                new CopyOnWriteArrayList<>());
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(file), "socket file mode");
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
            client.write(ByteBuffer.wrap("unix".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer echo = ByteBuffer.allocate(4);
            while (echo.hasRemaining() && client.read(echo) >= 0) {
                // a blocking channel: each read waits for more of the echo
            }
            assertEquals("unix", new String(echo.array(), StandardCharsets.US_ASCII));
        }
        exec(port::stopListening);
        assertFalse(Files.exists(file), "socket file left after stopListening");
    }

    @Test
    @Tag("endpoints")
    default void clientEndpointConnectsToAUnixPath(@TempDir Path dir) {
        String path = EndpointDescription.escape(dir.resolve("kit.sock").toString());
        listenOn("unix:" + path, new CopyOnWriteArrayList<>());
        assertClientEchoes("unix:path=" + path + ":timeout=10");
    }

    /** The select backend's JDK channels cannot name abstract sockets; there the endpoint fails saying so. */
    @Test
    @Tag("endpoints")
    default void abstractNameEndpointsConnectOnEpollAndFailClearlyOnSelect() {
        String name = "@torsion-kit-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        if (reactor().name().equals("select")) {
            Throwable failure = call(() -> {
                try {
                    Endpoints.serverFromString("unix:" + name).listen(reactor(), Factory.forProtocol(() -> new BaseProtocol() { }));
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            assertInstanceOf(IOException.class, failure, "listening on an abstract name on select");
            assertTrue(failure.getMessage().contains("need the epoll backend"), failure.getMessage());
            return;
        }
        listenOn("unix:" + name, new CopyOnWriteArrayList<>());
        assertClientEchoes("unix:" + name);
    }

    @Test
    @Tag("endpoints")
    default void clientEndpointToAMissingUnixPathFailsSayingSo(@TempDir Path dir) {
        RecordingClientFactory factory = new RecordingClientFactory(this);
        Path missing = dir.resolve("nobody-here.sock");
        exec(() -> Endpoints.clientFromString("unix:" + missing).connect(reactor(), factory));
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        Throwable reason = factory.failures.get(0);
        assertInstanceOf(IOException.class, reason, "failure reason");
        assertTrue(String.valueOf(reason.getMessage()).contains(missing.toString()), "reason names the path: " + reason);
    }

    /** The stage form of listening, called off the reactor thread: it completes there, with a port that serves. */
    @Test
    @Tag("endpoints")
    default void listenAsyncCompletesOnTheReactorThreadWithAServingPort(@TempDir Path dir) throws Exception {
        for (String endpoint : List.of("tcp:0:interface=127.0.0.1",
                "unix:" + EndpointDescription.escape(dir.resolve("async.sock").toString()))) {
            java.util.concurrent.atomic.AtomicBoolean onReactor = new java.util.concurrent.atomic.AtomicBoolean();
            Factory echo = Loopback.collecting(new CopyOnWriteArrayList<>(), () -> new EchoProbe(this, "echo-server", false));
            // Completing through an executor that runs at once shows which thread completes the stage.
            java.util.concurrent.Executor completer = task -> {
                onReactor.set(onReactorThread());
                task.run();
            };
            ListeningPort port = Endpoints.serverFromString(endpoint).listenAsync(reactor(), echo, completer)
                    .toCompletableFuture().get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertTrue(onReactor.get(), endpoint + ": the stage completed off the reactor thread");
            Loopback.assertEchoes(closeAfter(Peer.connect(SocketKind.of(port.address()), port.address(), 0)), "through " + endpoint);
            exec(port::stopListening);
        }
    }

    /** An address in use fails the stage with what the blocking form throws, for TCP and for a Unix path. */
    @Test
    @Tag("endpoints")
    default void listenAsyncOnAnAddressInUseFailsAsTheBlockingFormThrows(@TempDir Path dir) throws Exception {
        ListeningPort taken = listenOn("tcp:0:interface=127.0.0.1", new CopyOnWriteArrayList<>());
        String unix = "unix:" + EndpointDescription.escape(dir.resolve("taken.sock").toString());
        listenOn(unix, new CopyOnWriteArrayList<>());
        Factory none = Factory.forProtocol(() -> new BaseProtocol() { });
        for (String endpoint : List.of("tcp:" + taken.port() + ":interface=127.0.0.1", unix)) {
            Throwable blocking = call(() -> {
                try {
                    Endpoints.serverFromString(endpoint).listen(reactor(), none);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            assertInstanceOf(java.net.BindException.class, blocking, endpoint + ": the blocking form");
            java.util.concurrent.CompletableFuture<ListeningPort> stage =
                    Endpoints.serverFromString(endpoint).listenAsync(reactor(), none).toCompletableFuture();
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> stage.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            assertEquals(blocking.getClass(), failed.getCause().getClass(), endpoint + ": the stage's failure " + failed.getCause());
            assertEquals(blocking.getMessage(), failed.getCause().getMessage(), endpoint);
        }
    }

    private ListeningPort listenOn(String endpoint, List<EchoProbe> sink) {
        Factory echo = Loopback.collecting(sink, () -> new EchoProbe(this, "echo-server", false));
        return call(() -> Endpoints.serverFromString(endpoint).listen(reactor(), echo));
    }

    private void assertClientEchoes(String endpoint) {
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> Endpoints.clientFromString(endpoint).connect(reactor(), factory));
        Probe client = awaitMade(factory.built, 1).get(0);
        exec(() -> client.transport().write("ping".getBytes(StandardCharsets.US_ASCII)));
        await("the echo came back", () -> client.receivedBytes.get() == 4);
        assertEquals("ping", new String(client.keptBytes(), StandardCharsets.US_ASCII));
        exec(() -> client.transport().loseConnection());
        client.awaitLost();
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        assertEquals(length, bytes.length, "bytes before end of stream");
        return bytes;
    }
}
