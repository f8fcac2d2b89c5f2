package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The errors a user sees are the same on every backend: same type, same words. */
public interface ErrorConformance extends Kit {

    @Test
    @Tag("errors")
    default void listeningWhereAPortIsInUseIsABindException() throws Exception {
        ListeningPort port = listenEcho(new CopyOnWriteArrayList<>());
        Throwable thrown = call(() -> {
            try {
                kind().listen(reactor(), port.address(), Factory.forProtocol(() -> new BaseProtocol() { }));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        BindException bind = assertInstanceOf(BindException.class, thrown, "listening where a port is in use");
        assertEquals("address already in use: " + port.address(), bind.getMessage());
        Loopback.assertEchoes(connect(port), "the first port still serves");
    }

    @Test
    @Tag("errors")
    default void aRefusedConnectionHasOneWording() {
        SocketAddress closed = closedAddress();
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> connectClient(closed, factory, Duration.ofSeconds(10)));
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        ConnectionRefused refused = assertInstanceOf(ConnectionRefused.class, factory.failures.get(0));
        // The destination as it was given to the reactor, not as InetSocketAddress prints it ("/127.0.0.1:p").
        String given = closed.toString();
        if (closed instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            given = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        assertEquals("connection refused by " + given, refused.getMessage());
    }

    @Test
    @Tag("errors")
    default void everyUseOfAStoppedReactorSaysReactorIsStopped() throws Exception {
        exec(() -> reactor().stop());
        awaitRunReturned();
        Reactor stopped = reactor();
        RecordingClientFactory client = new RecordingClientFactory(this);
        Factory server = Factory.forProtocol(() -> new BaseProtocol() { });
        List<Executable> uses = new ArrayList<>(List.of(
                () -> stopped.listenTcp(0, server),
                () -> stopped.listenTcp(new InetSocketAddress("127.0.0.1", 0), server),
                () -> stopped.listenUnix("/tmp/torsion-never-made.sock", server),
                () -> stopped.connectTcp("127.0.0.1", 9, client, Duration.ofSeconds(1)),
                () -> stopped.connectUnix("/tmp/torsion-never-made.sock", client, Duration.ofSeconds(1)),
                () -> stopped.callLater(Duration.ZERO, () -> { }),
                () -> stopped.attachStandardInput(new BaseProtocol() { })));
        for (Executable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use);
            assertEquals("reactor is stopped", e.getMessage());
        }
        assertTrue(client.failures.isEmpty(), "nothing reached a factory");
    }
}
