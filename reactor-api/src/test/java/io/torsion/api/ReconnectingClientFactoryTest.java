package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.ManualClock;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReconnectingClientFactoryTest {

    private static final double E = Math.E;

    private final ManualClock clock = new ManualClock();
    private final FakeConnector connector = new FakeConnector(null);
    private final Factory factory = new Factory();

    /** The factory under test: builds nothing interesting. */
    static final class Factory extends ReconnectingClientFactory {
        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            resetDelay();
            return new BaseProtocol() { };
        }
    }

    /** A random source whose Gaussian draws are fixed. */
    private static RandomGenerator gaussian(double... values) {
        return new RandomGenerator() {
            int next;

            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextGaussian() {
                return values[Math.min(next++, values.length - 1)];
            }
        };
    }

    ReconnectingClientFactoryTest() {
        factory.setScheduler(clock);
        factory.setJitter(0);
    }

    private void attemptFails() {
        factory.clientConnectionFailed(connector, new ConnectionRefused("refused"));
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    @Test
    void defaultsAreTwisteds() {
        ReconnectingClientFactory fresh = new Factory();
        assertEquals(Duration.ofSeconds(1), fresh.initialDelay());
        assertEquals(2.718281828459045, fresh.factor());
        assertEquals(0.119626565582, fresh.jitter(), 0.0, "Twisted 22.4's jitter, to the digit");
        assertEquals(Duration.ofHours(1), fresh.maxDelay());
        assertEquals(OptionalInt.empty(), fresh.maxRetries());
        assertEquals(Duration.ofSeconds(1), fresh.currentDelay());
        assertEquals(0, fresh.retries());
    }

    @Test
    void firstRetryComesAfterInitialDelayTimesFactor() {
        attemptFails();
        assertTrue(factory.isRetryPending());
        clock.advance(seconds(E - 0.001));
        assertEquals(0, connector.connects);
        clock.advance(seconds(0.002));
        assertEquals(1, connector.connects);
        assertFalse(factory.isRetryPending());
    }

    @Test
    void delaysGrowByFactorUntilMaxDelay() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attemptFails();
            delays.add(factory.currentDelay());
            clock.advance(factory.currentDelay());
        }
        assertEquals(12, connector.connects, "every retry connected once");
        assertEquals(12, factory.retries());
        double expected = 1;
        for (int i = 0; i < 12; i++) {
            expected = Math.min(expected * E, 3600);
            assertEquals(expected, delays.get(i).toNanos() / 1e9, 1e-6, "retry " + (i + 1));
        }
        assertEquals(Duration.ofHours(1), delays.get(11));
    }

    @Test
    void jitterDrawsAroundTheDelay() {
        factory.setJitter(ReconnectingClientFactory.DEFAULT_JITTER);
        factory.setRandom(gaussian(1.0, -2.0));
        attemptFails();
        double first = E * (1 + ReconnectingClientFactory.DEFAULT_JITTER);
        assertEquals(first, factory.currentDelay().toNanos() / 1e9, 1e-6);
        attemptFails();
        double second = first * E * (1 - 2 * ReconnectingClientFactory.DEFAULT_JITTER);
        assertEquals(second, factory.currentDelay().toNanos() / 1e9, 1e-6, "jitter compounds, as in Twisted");
    }

    @Test
    void jitterNeverMakesTheDelayNegative() {
        factory.setJitter(0.5);
        factory.setRandom(gaussian(-10));
        attemptFails();
        assertEquals(Duration.ZERO, factory.currentDelay());
        clock.advance(Duration.ZERO);
        assertEquals(1, connector.connects);
    }

    @Test
    void connectionLostAlsoReconnects() {
        factory.clientConnectionLost(connector, new ConnectionLost(new IOException("reset")));
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1, connector.connects);
    }

    @Test
    void resetDelayStartsTheBackoffOver() {
        attemptFails();
        clock.advance(Duration.ofSeconds(3));
        attemptFails();
        assertEquals(2, factory.retries());
        factory.buildProtocol(null);
        assertEquals(0, factory.retries());
        assertEquals(Duration.ofSeconds(1), factory.currentDelay());
        attemptFails();
        assertEquals(E, factory.currentDelay().toNanos() / 1e9, 1e-6);
    }

    @Test
    void maxRetriesGivesUp() {
        factory.setMaxRetries(2);
        for (int i = 0; i < 5; i++) {
            attemptFails();
            clock.advance(Duration.ofHours(2));
        }
        assertEquals(2, connector.connects);
        assertFalse(factory.isRetryPending());
    }

    @Test
    void stopTryingCancelsThePendingRetryAndStopsConnecting() {
        factory.startedConnecting(connector);
        attemptFails();
        factory.stopTrying();
        assertFalse(factory.isTrying());
        assertFalse(factory.isRetryPending());
        assertEquals(1, connector.stops, "an attempt still connecting is given up");
        clock.advance(Duration.ofHours(2));
        attemptFails();
        factory.clientConnectionLost(connector, new ConnectionDone());
        clock.advance(Duration.ofHours(2));
        assertEquals(0, connector.connects);
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void stopTryingDuringTheFirstAttemptStopsTheConnector() {
        factory.startedConnecting(connector);
        factory.stopTrying();
        assertEquals(1, connector.stops);
    }

    @Test
    void retriesRunOnTheConnectorsReactorByDefault() {
        Factory plain = new Factory();
        plain.setJitter(0);
        FakeConnector onReactor = new FakeConnector(new ClockReactor(clock));
        plain.clientConnectionFailed(onReactor, new ConnectTimedOut("slow"));
        assertEquals(1, clock.pendingTimers());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1, onReactor.connects);
    }

    @Test
    void nullReasonStillSchedulesTheRetry() {
        factory.clientConnectionFailed(connector, null);
        assertTrue(factory.isRetryPending(), "retry after a failure without a reason");
        clock.advance(factory.currentDelay());
        assertEquals(1, connector.connects);
        factory.clientConnectionLost(connector, null);
        assertTrue(factory.isRetryPending(), "retry after a loss without a reason");
        clock.advance(factory.currentDelay());
        assertEquals(2, connector.connects);
    }

    @Test
    void retryFromOutsideUsesTheLastConnectorAndReplacesAPendingRetry() {
        assertThrows(IllegalStateException.class, factory::retry, "before any attempt");
        factory.startedConnecting(connector);
        factory.retry();
        factory.retry();
        assertEquals(1, clock.pendingTimers(), "one retry pending, not two");
        clock.advance(Duration.ofSeconds(3600));
        assertEquals(1, connector.connects);
        assertEquals(2, factory.retries());
    }

    @Test
    void changedInitialDelayTakesEffectAtOnceBeforeAnyRetry() {
        factory.setInitialDelay(Duration.ofMillis(100));
        assertEquals(Duration.ofMillis(100), factory.currentDelay());
        attemptFails();
        assertEquals(0.1 * E, factory.currentDelay().toNanos() / 1e9, 1e-6, "first retry from the new delay");
        factory.setInitialDelay(Duration.ofSeconds(5));
        assertEquals(0.1 * E, factory.currentDelay().toNanos() / 1e9, 1e-6, "a backoff under way is not disturbed");
        factory.resetDelay();
        assertEquals(Duration.ofSeconds(5), factory.currentDelay());
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> factory.setFactor(0.5));
        assertThrows(IllegalArgumentException.class, () -> factory.setJitter(-1));
        assertThrows(IllegalArgumentException.class, () -> factory.setMaxDelay(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> factory.setInitialDelay(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> factory.setMaxRetries(-1));
    }
}
