package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.Connector;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import io.torsion.api.ReconnectingClientFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ReconnectingClientFactory} against a real server that drops it and goes away. */
public interface ReconnectConformance extends Kit {

    long INITIAL_MILLIS = 50;
    double FACTOR = 2;
    long MAX_MILLIS = 400;

    /** Records every attempt, failure and loss with the time it happened. */
    final class Redialer extends ReconnectingClientFactory {
        final List<Probe> built = new CopyOnWriteArrayList<>();
        final List<Long> attemptsAt = new CopyOnWriteArrayList<>();
        final List<Long> failuresAt = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<Long> lossesAt = new CopyOnWriteArrayList<>();
        final List<ConnectionClosed> losses = new CopyOnWriteArrayList<>();

        private final Kit kit;

        Redialer(Kit kit) {
            this.kit = kit;
            setInitialDelay(Duration.ofMillis(INITIAL_MILLIS));
            setFactor(FACTOR);
            setJitter(0);
            setMaxDelay(Duration.ofMillis(MAX_MILLIS));
            resetDelay();
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            resetDelay();
            Probe probe = new Probe(kit, "reconnecting-client");
            built.add(probe);
            return probe;
        }

        @Override
        public void startedConnecting(Connector connector) {
            attemptsAt.add(System.nanoTime());
            super.startedConnecting(connector);
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            failuresAt.add(System.nanoTime());
            failures.add(reason);
            super.clientConnectionFailed(connector, reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, ConnectionClosed reason) {
            lossesAt.add(System.nanoTime());
            losses.add(reason);
            super.clientConnectionLost(connector, reason);
        }
    }

    /** The delay before the k-th retry after a reset (k from 1): Twisted multiplies before waiting. */
    private static long delayMillis(int k) {
        return (long) Math.min(INITIAL_MILLIS * Math.pow(FACTOR, k), MAX_MILLIS);
    }

    @Test
    @Tag("reconnect")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void reconnectsAfterDropsAndBacksOffWhileTheServerIsDown() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort first = listen(collecting(servers, () -> new Probe(this, "server")));
        SocketAddress address = first.address();
        Redialer factory = new Redialer(this);
        exec(() -> connectClient(address, factory, Duration.ofSeconds(10)));
        awaitMade(factory.built, 1);
        Probe server = awaitMade(servers, 1).get(0);

        exec(() -> server.transport().loseConnection());
        awaitMade(factory.built, 2);
        assertInstanceOf(ConnectionDone.class, factory.losses.get(0), "reason the client heard when dropped");
        long reconnectedAfter = factory.attemptsAt.get(1) - factory.lossesAt.get(0);
        assertTrue(reconnectedAfter >= TimeUnit.MILLISECONDS.toNanos(delayMillis(1)),
                "reconnected " + reconnectedAfter / 1_000_000 + " ms after the drop, backoff " + delayMillis(1) + " ms");
        Probe second = awaitMade(servers, 2).get(1);

        exec(() -> {
            first.stopListening();
            second.transport().loseConnection();
        });
        int failures = 5;
        await(failures + " failed attempts while the server is down", () -> factory.failures.size() >= failures);
        long lostAt = factory.lossesAt.get(1);
        for (int k = 1; k <= failures; k++) {
            assertInstanceOf(kind().serverGoneFailure(), factory.failures.get(k - 1), "failure " + k);
            long since = k == 1 ? lostAt : factory.failuresAt.get(k - 2);
            long waited = factory.attemptsAt.get(1 + k) - since;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(delayMillis(k)),
                    "retry " + k + " came " + waited / 1_000_000 + " ms after the last failure, backoff " + delayMillis(k) + " ms");
        }

        ListeningPort again = listenAt(address, collecting(servers, () -> new Probe(this, "server-again")));
        assertEquals(address, again.address(), "the server came back at the same address");
        Probe client = awaitMade(factory.built, 3).get(2);
        awaitMade(servers, 3);

        exec(() -> {
            factory.stopTrying();
            client.transport().loseConnection();
        });
        client.awaitLost();
        int attempts = factory.attemptsAt.size();
        AtomicBoolean waited = new AtomicBoolean();
        exec(() -> reactor().callLater(Duration.ofMillis(2 * MAX_MILLIS), () -> waited.set(true)));
        await("a timer later than any retry could be", waited::get);
        assertEquals(attempts, factory.attemptsAt.size(), "attempts after stopTrying()");
        assertFalse(call(factory::isRetryPending), "a retry is pending after stopTrying()");
    }
}
