package io.torsion.api;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClientFactory} that connects again whenever a connection attempt fails or a connection is
 * lost, waiting longer after each failure: Twisted's {@code ReconnectingClientFactory}.
 *
 * <p><b>Backoff.</b> Each retry multiplies the delay by {@link #factor()} (default e), caps it at
 * {@link #maxDelay()} (default one hour), then adds jitter: the delay is drawn from a normal
 * distribution around it with a standard deviation of {@link #jitter()} (default 0.11962656472)
 * times the delay, so clients that lost the same server do not return in lockstep. The delay starts
 * at {@link #initialDelay()} (default 1 s), so the first retry comes after about e seconds. As in
 * Twisted the cap applies before the jitter, so a delay may exceed it slightly; it is never
 * negative. With {@link #setMaxRetries} the factory gives up after that many retries in a row.
 *
 * <p><b>Use.</b> Call {@link #resetDelay()} once a connection really works (in
 * {@code buildProtocol} or the protocol's {@code connectionMade}), or the next loss waits as long
 * as the last failure did. Call {@link #stopTrying()} to stop for good. A subclass that overrides
 * {@link #startedConnecting}, {@link #clientConnectionFailed} or {@link #clientConnectionLost}
 * calls the super method.
 *
 * <p>Retries are scheduled with {@code connector.reactor().callLater}, or on the scheduler given to
 * {@link #setScheduler} (a {@link io.torsion.api.testing.ManualClock} in tests). Methods are called
 * on the reactor thread.
 */
public abstract class ReconnectingClientFactory implements ClientFactory {

    /** Default first delay, in seconds. */
    public static final double DEFAULT_INITIAL_DELAY = 1.0;

    /** Default growth per retry: e, as in Twisted. */
    public static final double DEFAULT_FACTOR = 2.7182818284590451;

    /** Default relative standard deviation of the jitter, as in Twisted. */
    public static final double DEFAULT_JITTER = 0.119626565582;

    /** Default longest delay, in seconds: one hour. */
    public static final double DEFAULT_MAX_DELAY = 3600;

    private static final Logger log = LoggerFactory.getLogger(ReconnectingClientFactory.class);

    private double initialDelay = DEFAULT_INITIAL_DELAY;
    private double factor = DEFAULT_FACTOR;
    private double jitter = DEFAULT_JITTER;
    private double maxDelay = DEFAULT_MAX_DELAY;
    private int maxRetries = -1;
    private double delay = initialDelay;
    private int retries;
    private boolean continueTrying = true;
    private Connector connector;
    private DelayedCall pendingRetry;
    private Scheduler scheduler;
    private RandomGenerator random = new SplittableRandom();

    @Override
    public void startedConnecting(Connector connector) {
        this.connector = connector;
    }

    /** Retries, unless {@link #stopTrying()} was called; {@code reason} may be null. */
    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        if (continueTrying) {
            this.connector = connector;
            log.debug("connection to {} failed: {}", connector, reason);
            retry(connector);
        }
    }

    /** Reconnects, unless {@link #stopTrying()} was called; {@code reason} may be null. */
    @Override
    public void clientConnectionLost(Connector connector, ConnectionClosed reason) {
        if (continueTrying) {
            this.connector = connector;
            log.debug("connection to {} lost: {}", connector, reason);
            retry(connector);
        }
    }

    /**
     * Schedules the next attempt on the connector of the last attempt, as {@link #retry(Connector)};
     * for code outside the factory that knows a retry is due (a health check gave up on a server).
     *
     * @throws IllegalStateException when no attempt was made yet
     */
    public void retry() {
        if (connector == null) {
            throw new IllegalStateException("no connection attempt yet, so nothing to retry");
        }
        retry(connector);
    }

    /**
     * Schedules the next attempt on {@code connector} after the next backoff delay; does nothing
     * after {@link #stopTrying()} or once {@link #setMaxRetries maxRetries} retries were made. A
     * retry already scheduled is replaced, so two failures reported for one attempt still make one
     * attempt.
     */
    public void retry(Connector connector) {
        Objects.requireNonNull(connector, "connector");
        if (!continueTrying) {
            return;
        }
        retries++;
        if (maxRetries >= 0 && retries > maxRetries) {
            log.info("giving up on {} after {} retries", connector, maxRetries);
            return;
        }
        delay = Math.min(delay * factor, maxDelay);
        if (jitter != 0) {
            delay = Math.max(0, delay + random.nextGaussian() * delay * jitter);
        }
        if (pendingRetry != null) {
            pendingRetry.cancel();
        }
        this.connector = connector;
        Scheduler on = scheduler != null ? scheduler : connector.reactor();
        log.debug("will retry {} in {} s (retry {})", connector, delay, retries);
        pendingRetry = on.callLater(currentDelay(), () -> {
            pendingRetry = null;
            connector.connect();
        });
    }

    /**
     * Stops for good: cancels a scheduled retry, makes no further attempts, and gives up an attempt
     * that is still connecting.
     */
    public void stopTrying() {
        continueTrying = false;
        if (pendingRetry != null) {
            pendingRetry.cancel();
            pendingRetry = null;
        }
        if (connector != null) {
            connector.stopConnecting();
        }
    }

    /**
     * Starts the backoff over: the next retry waits about {@code initialDelay * factor} again and the
     * retry count restarts. Call it once a connection works. It also undoes {@link #stopTrying()}.
     */
    public void resetDelay() {
        delay = initialDelay;
        retries = 0;
        pendingRetry = null;
        continueTrying = true;
    }

    /** The delay of the last scheduled retry (the initial delay before any). */
    public Duration currentDelay() {
        return seconds(delay);
    }

    /** How many retries were scheduled since the last {@link #resetDelay()}. */
    public int retries() {
        return retries;
    }

    /** True until {@link #stopTrying()}. */
    public boolean isTrying() {
        return continueTrying;
    }

    /** True while a retry is scheduled and has not yet run. */
    public boolean isRetryPending() {
        return pendingRetry != null && pendingRetry.isActive();
    }

    /** The connector of the last attempt, or null before any. */
    public Connector connector() {
        return connector;
    }

    /** Schedules retries on {@code scheduler} instead of the connector's reactor; null restores that. */
    public void setScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The source of the jitter; tests pass a seeded or fixed one. */
    public void setRandom(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public Duration initialDelay() {
        return seconds(initialDelay);
    }

    /**
     * Sets the delay the backoff starts from. Before the first retry (and after a
     * {@link #resetDelay()}) it takes effect at once; during a backoff, at the next reset.
     */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = positiveSeconds(initialDelay, "initialDelay");
        if (retries == 0) {
            delay = this.initialDelay;
        }
    }

    public double factor() {
        return factor;
    }

    public void setFactor(double factor) {
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("factor must be at least 1: " + factor);
        }
        this.factor = factor;
    }

    public double jitter() {
        return jitter;
    }

    /** Sets the relative standard deviation of the jitter; 0 turns it off. */
    public void setJitter(double jitter) {
        if (!(jitter >= 0)) {
            throw new IllegalArgumentException("jitter must not be negative: " + jitter);
        }
        this.jitter = jitter;
    }

    public Duration maxDelay() {
        return seconds(maxDelay);
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = positiveSeconds(maxDelay, "maxDelay");
    }

    /** How many retries in a row are allowed, or empty for no limit (the default). */
    public OptionalInt maxRetries() {
        return maxRetries < 0 ? OptionalInt.empty() : OptionalInt.of(maxRetries);
    }

    /** Gives up after {@code maxRetries} retries in a row (0: never retry). */
    public void setMaxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    /** Removes the retry limit. */
    public void clearMaxRetries() {
        this.maxRetries = -1;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static double positiveSeconds(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration.toNanos() / 1e9;
    }
}
