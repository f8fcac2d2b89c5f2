package io.torsion.spi;

import io.torsion.api.DelayedCall;
import io.torsion.api.IdleKind;
import io.torsion.api.Scheduler;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A connection's idle timeouts, one per {@link IdleKind}, each optional. A read or write only
 * records the time; each timeout's one timer reschedules itself for the rest of its interval when
 * it finds activity, so a busy connection costs no timer operation per byte. When a timeout finds
 * its interval idle it tells {@code expired} and then watches the next interval from now, unless
 * {@link #cancel()} was called meanwhile (the connection closed).
 *
 * <p>Shared by the reactors' connections and {@link io.torsion.api.testing.StringTransport}, so a
 * protocol's tests see the same timing as production. One thread uses an instance.
 */
public final class IdleTimeouts {

    private final Scheduler scheduler;
    private final Consumer<IdleKind> expired;
    private final Map<IdleKind, Watch> watches = new EnumMap<>(IdleKind.class);

    public IdleTimeouts(Scheduler scheduler, Consumer<IdleKind> expired) {
        this.scheduler = scheduler;
        this.expired = expired;
    }

    /**
     * Sets the timeouts; null or zero turns one off. Each one set starts its interval now.
     *
     * @throws IllegalArgumentException for a negative interval
     */
    public void set(Duration read, Duration write, Duration all) {
        cancel();
        watch(IdleKind.READ, read);
        watch(IdleKind.WRITE, write);
        watch(IdleKind.ALL, all);
    }

    /** The interval of {@code kind}, or null when it is off. */
    public Duration interval(IdleKind kind) {
        Watch watch = watches.get(kind);
        return watch == null ? null : Duration.ofNanos(watch.nanos);
    }

    /** True when at least one timeout is set. */
    public boolean isActive() {
        return !watches.isEmpty();
    }

    /** Bytes were read. */
    public void read() {
        if (!watches.isEmpty()) {
            touch(IdleKind.READ);
            touch(IdleKind.ALL);
        }
    }

    /** Bytes the protocol wrote reached the kernel. */
    public void wrote() {
        if (!watches.isEmpty()) {
            touch(IdleKind.WRITE);
            touch(IdleKind.ALL);
        }
    }

    /** Starts every interval over from now, as Twisted's {@code resetTimeout}. */
    public void reset() {
        for (IdleKind kind : IdleKind.values()) {
            touch(kind);
        }
    }

    /** Turns every timeout off. Idempotent; safe from inside {@code expired}. */
    public void cancel() {
        for (Watch watch : watches.values()) {
            watch.stop();
        }
        watches.clear();
    }

    private void watch(IdleKind kind, Duration interval) {
        if (interval == null || interval.isZero()) {
            return;
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("an idle timeout cannot be negative: " + interval);
        }
        watches.put(kind, new Watch(kind, interval.toNanos()));
    }

    private void touch(IdleKind kind) {
        Watch watch = watches.get(kind);
        if (watch != null) {
            watch.last = scheduler.nanoTime();
        }
    }

    /** One timeout: the last activity it counts, and its one timer. */
    private final class Watch {
        final IdleKind kind;
        final long nanos;
        long last;
        DelayedCall call;

        Watch(IdleKind kind, long nanos) {
            this.kind = kind;
            this.nanos = nanos;
            this.last = scheduler.nanoTime();
            this.call = scheduler.callLater(Duration.ofNanos(nanos), this::check);
        }

        void stop() {
            if (call != null) {
                call.cancel();
                call = null;
            }
        }

        private void check() {
            call = null;
            long now = scheduler.nanoTime();
            long idleFor = now - last;
            if (idleFor < nanos) {
                call = scheduler.callLater(Duration.ofNanos(nanos - idleFor), this::check);
                return;
            }
            expired.accept(kind);
            if (watches.get(kind) == this && call == null) {
                last = scheduler.nanoTime();
                call = scheduler.callLater(Duration.ofNanos(nanos), this::check);
            }
        }
    }
}
