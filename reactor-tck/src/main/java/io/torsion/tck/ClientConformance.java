package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectTimedOut;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Connector;
import io.torsion.api.ListeningPort;
import java.net.SocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reactor's own client side: {@code connectTcp} and what its factory hears. */
public interface ClientConformance extends Kit {

    Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    @Tag("client")
    default void connectToClosedPortFailsWithConnectionRefused() {
        SocketAddress closed = closedAddress();
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> connectClient(closed, factory, CONNECT_TIMEOUT));
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        barrier();
        assertEquals(1, factory.failures.size(), "clientConnectionFailed calls: " + factory.failures);
        assertInstanceOf(ConnectionRefused.class, factory.failures.get(0), "failure reason");
        assertEquals(List.of(), factory.built, "protocols built for a refused attempt");
        assertEquals(1, factory.started.get(), "startedConnecting calls");
    }

    /**
     * {@code connectTcp} without a timeout (the documented default applies), to an IP literal: the
     * connector and the refusal name the destination as it was typed, not as an unresolved
     * {@code InetSocketAddress} prints ({@code 127.0.0.1/<unresolved>:port}).
     */
    @Test
    @Tag("client")
    default void tcpConnectorNamesItsDestinationAsTyped() {
        int port = Loopback.closedPort();
        RecordingClientFactory factory = new RecordingClientFactory(this);
        Connector connector = call(() -> reactor().connectTcp("127.0.0.1", port, factory));
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        assertInstanceOf(ConnectionRefused.class, factory.failures.get(0), "failure reason");
        assertEquals("127.0.0.1:" + port, call(connector::toString), "the connector as text");
        assertEquals("connection refused by 127.0.0.1:" + port, factory.failures.get(0).getMessage());
    }

    @Test
    @Tag("client")
    default void connectToListeningPortMakesTheConnectionOnBothSides() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(servers);
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> connectClient(port.address(), factory, CONNECT_TIMEOUT));
        Probe client = awaitMade(factory.built, 1).get(0);
        EchoProbe server = awaitMade(servers, 1).get(0);
        exec(() -> client.transport().write("ping".getBytes(StandardCharsets.US_ASCII)));
        await("the echo came back", () -> client.receivedBytes.get() == 4);
        assertEquals("ping", new String(client.keptBytes(), StandardCharsets.US_ASCII));
        assertInstanceOf(kind().transportType(), client.transport(), "the client's transport");
        SocketAddress[] seen = call(() -> new SocketAddress[] {
            client.transport().getPeer(), client.transport().getHost(), server.transport().getPeer()});
        assertEquals(port.address(), seen[0], "client getPeer");
        assertEquals(seen[1], seen[2], "client getHost is the server's getPeer");
        exec(() -> client.transport().loseConnection());
        assertInstanceOf(ConnectionDone.class, client.awaitLost(), "client reason");
        assertInstanceOf(ConnectionDone.class, server.awaitLost(), "server reason");
        await("clientConnectionLost", () -> !factory.losses.isEmpty());
        assertInstanceOf(ConnectionDone.class, factory.losses.get(0), "clientConnectionLost reason");
        assertEquals(List.of(), factory.failures, "clientConnectionFailed calls");
    }

    /**
     * A connect that hangs without leaving the machine: a listener with a backlog of one that never
     * accepts drops further SYNs once its accept queue is full, so the handshake never completes.
     * Plain sockets fill the queue; the first plain connect that times out proves it is full.
     */
    @Test
    @Tag("client")
    default void connectTimeoutIsHonoured() throws Exception {
        Assumptions.assumeTrue(kind().isTcp(), "a hanging connect needs dropped SYNs; a Unix connect never waits");
        ServerSocket full = closeAfter(new ServerSocket());
        full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        Assumptions.assumeTrue(fillBacklog(full.getLocalPort()),
                "this kernel completed every handshake to a full listener, so no local connect hangs");
        Duration timeout = Duration.ofMillis(500);
        RecordingClientFactory factory = new RecordingClientFactory(this);
        long startedAt = call(() -> {
            long now = System.nanoTime();
            reactor().connectTcp("127.0.0.1", full.getLocalPort(), factory, timeout);
            return now;
        });
        await("clientConnectionFailed after the connect timeout", () -> !factory.failures.isEmpty());
        assertInstanceOf(ConnectTimedOut.class, factory.failures.get(0), "failure reason");
        long waited = factory.failedAtNanos.get() - startedAt;
        assertTrue(waited >= timeout.toNanos(), "gave up after " + waited / 1_000_000 + " ms, timeout " + timeout);
        assertEquals(List.of(), factory.built, "protocols built for a timed-out attempt");
    }

    private boolean fillBacklog(int port) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = closeAfter(new Socket());
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            } catch (SocketTimeoutException hung) {
                return true;
            }
        }
        return false;
    }
}
