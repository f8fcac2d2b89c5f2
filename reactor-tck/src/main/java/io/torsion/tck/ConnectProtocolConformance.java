package io.torsion.tck;

import static io.torsion.tck.Await.awaitMade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.torsion.api.ConnectionRefused;
import io.torsion.api.ListeningPort;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code connectProtocol}: connecting for a stage of the connected protocol, over TCP. */
public interface ConnectProtocolConformance extends Kit {

    Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    @Tag("client")
    default void connectProtocolCompletesAfterConnectionMadeOnTheReactorThread() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(servers);
        Probe client = new Probe(this, "connect-protocol-client");
        CompletableFuture<String> seen = new CompletableFuture<>();
        exec(() -> reactor().connectProtocol("127.0.0.1", port.port(), client, CONNECT_TIMEOUT)
                .whenComplete((connected, failure) -> seen.complete(failure != null ? "failed: " + failure
                        : "same=" + (connected == client) + " made=" + connected.isMade()
                        + " onReactor=" + onReactorThread())));
        assertEquals("same=true made=true onReactor=true", seen.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        awaitMade(servers, 1);
    }

    @Test
    @Tag("client")
    default void connectProtocolToAClosedPortFailsWithConnectionRefused() throws Exception {
        int port = Loopback.closedPort();
        Probe client = new Probe(this, "never-connected");
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        exec(() -> reactor().connectProtocol("127.0.0.1", port, client, CONNECT_TIMEOUT)
                .whenComplete((connected, why) -> failure.complete(why)));
        assertInstanceOf(ConnectionRefused.class, failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertFalse(client.isMade());
    }

    @Test
    @Tag("client")
    default void connectProtocolCompletesOnTheExecutorAsked() throws Exception {
        ListeningPort port = listenEcho(new CopyOnWriteArrayList<>());
        ExecutorService elsewhere = Executors.newSingleThreadExecutor(r -> new Thread(r, "elsewhere"));
        try {
            Probe client = new Probe(this, "client-completed-elsewhere");
            CompletableFuture<String> thread = new CompletableFuture<>();
            exec(() -> reactor().connectProtocol("127.0.0.1", port.port(), client, CONNECT_TIMEOUT, elsewhere)
                    .thenRun(() -> thread.complete(Thread.currentThread().getName())));
            assertEquals("elsewhere", thread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            elsewhere.shutdownNow();
        }
    }
}
