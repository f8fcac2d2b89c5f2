package io.torsion.spi;

import io.torsion.api.DelayedCall;
import java.time.Duration;

/**
 * A connection's idle timeout: fires when nothing was read or written for the whole interval. A
 * read or write only records the time; the one timer reschedules itself for the rest of the
 * interval when it finds activity, so a busy connection costs no timer operation per byte.
 */
final class IdleTimer {

    private final EventLoop loop;
    private final long nanos;
    private final Runnable expired;
    private long lastActivity;
    private DelayedCall call;

    /** A timer for {@code timeout} (null or zero: none) that runs {@code expired} when it fires. */
    static IdleTimer start(EventLoop loop, Duration timeout, Runnable expired) {
        long nanos = timeout == null ? 0 : timeout.toNanos();
        return nanos > 0 ? new IdleTimer(loop, nanos, expired) : null;
    }

    /** Cancels {@code timer} if there is one. */
    static void cancel(IdleTimer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    private IdleTimer(EventLoop loop, long nanos, Runnable expired) {
        this.loop = loop;
        this.nanos = nanos;
        this.expired = expired;
        this.lastActivity = loop.nanoTime();
        this.call = loop.callLater(Duration.ofNanos(nanos), this::check);
    }

    void touch() {
        lastActivity = loop.nanoTime();
    }

    Duration interval() {
        return Duration.ofNanos(nanos);
    }

    void cancel() {
        if (call != null) {
            call.cancel();
            call = null;
        }
    }

    private void check() {
        long idleFor = loop.nanoTime() - lastActivity;
        if (idleFor >= nanos) {
            call = null;
            expired.run();
        } else {
            call = loop.callLater(Duration.ofNanos(nanos - idleFor), this::check);
        }
    }
}
