package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Connector;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** First end-to-end checks of both trigger modes; the conformance kit covers the rest. */
@Timeout(30)
class EpollSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"epoll-lt", "epoll-et"})
    void echoesOneMegabyteAndReportsCleanClose(String backend) throws Exception {
        Reactor reactor = Reactors.create(backend);
        assertEquals(backend, reactor.name());
        CompletableFuture<ConnectionClosed> lost = new CompletableFuture<>();
        Factory echo = Factory.forProtocol(() -> new BaseProtocol() {
            @Override
            public void connectionMade() {
                transport.registerProducer(transport);
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                transport.write(data);
            }

            @Override
            public void connectionLost(ConnectionClosed reason) {
                lost.complete(reason);
            }
        });
        ListeningPort port = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), echo);
        Thread loop = new Thread(reactor::run, "reactor-" + backend);
        loop.start();
        byte[] sent = new byte[1 << 20];
        new Random(7).nextBytes(sent);
        byte[] received = new byte[sent.length];
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = client.getOutputStream();
                    out.write(sent);
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            new DataInputStream(client.getInputStream()).readFully(received);
            writer.join();
        }
        assertArrayEquals(sent, received);
        assertInstanceOf(ConnectionDone.class, lost.get(10, TimeUnit.SECONDS));
        reactor.stop();
        loop.join(10_000);
        assertFalse(loop.isAlive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll-lt", "epoll-et"})
    void connectToAClosedPortFailsWithConnectionRefused(String backend) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Reactor reactor = Reactors.create(backend);
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        reactor.connectTcp("127.0.0.1", closedPort, new ClientFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress peer) {
                return new BaseProtocol() {
                };
            }

            @Override
            public void clientConnectionFailed(Connector connector, Throwable reason) {
                failed.complete(reason);
                reactor.stop();
            }
        }, Duration.ofSeconds(5));
        Thread loop = new Thread(reactor::run, "reactor-" + backend);
        loop.start();
        assertInstanceOf(ConnectionRefused.class, failed.get(10, TimeUnit.SECONDS));
        loop.join(10_000);
        assertFalse(loop.isAlive());
    }
}
