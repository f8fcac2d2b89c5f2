package io.torsion.api.testing;

import io.torsion.api.DelayedCall;
import io.torsion.api.Scheduler;
import io.torsion.spi.TimerHeap;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance} or {@link #pump},
 * like Twisted's {@code twisted.internet.task.Clock}. Time starts at 0 ns.
 *
 * <p>{@link #advance(Duration)} moves time forward in one jump and then runs, in deadline order,
 * every timer that is due, as a reactor does after a long blocking call: a looping call that missed
 * several runs sees the late time and skips them. Timers that a running timer schedules run in the
 * same call when they are already due. To let timers see each intermediate time, move in steps with
 * {@link #pump(Duration...)}.
 *
 * <p>An exception thrown by a timer task goes to {@link io.torsion.api.UncaughtErrorHandler#standard()}
 * and the remaining due timers still run, as on a reactor. Not thread-safe: use it from the test
 * thread only.
 */
public final class ManualClock implements Scheduler {

    private long now;
    private final TimerHeap timers = new TimerHeap(() -> now);

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        return timers.schedule(delay, task);
    }

    /** The manual time in nanoseconds: 0 plus everything advanced so far. */
    @Override
    public long nanoTime() {
        return now;
    }

    /** How far time has moved since the clock was made. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /**
     * Moves time forward by {@code amount} and runs every timer now due, in deadline order (timers
     * due together run in the order they were scheduled). Returns how many timers ran. A timer may
     * itself call {@code advance}; time then moves on from inside it.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public int advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time cannot go backwards: " + amount);
        }
        now += amount.toNanos();
        return timers.runDue(now);
    }

    /** Advances by each amount in turn, running due timers after each step. Returns how many ran. */
    public int pump(Duration... steps) {
        int ran = 0;
        for (Duration step : steps) {
            ran += advance(step);
        }
        return ran;
    }

    /** Runs the timers already due (scheduled with a zero delay) without moving time. */
    public int runDue() {
        return advance(Duration.ZERO);
    }

    /** How many timers are waiting (cancelled ones are not counted). */
    public int pendingTimers() {
        return timers.size();
    }

    /** How long until the next timer is due, or {@code null} when no timer is waiting. */
    public Duration untilNextTimer() {
        long next = timers.nextDeadline();
        return next == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, next - now));
    }
}
