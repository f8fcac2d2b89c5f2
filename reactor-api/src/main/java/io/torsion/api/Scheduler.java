package io.torsion.api;

import java.time.Duration;

/**
 * Runs tasks later, on one thread. Every {@link Reactor} is a scheduler, and so is
 * {@link io.torsion.api.testing.ManualClock}, whose time moves only when a test says so; code that
 * takes a {@code Scheduler} (looping calls, idle timeouts, reconnect backoff) can be tested with no
 * sleeping.
 */
public interface Scheduler {

    /**
     * Runs {@code task} once, {@code delay} from now, on the scheduler's thread. Tasks due at the same
     * time run in the order they were scheduled. An exception thrown by the task is reported (by a
     * reactor to its {@link UncaughtErrorHandler}) and otherwise ignored.
     */
    DelayedCall callLater(Duration delay, Runnable task);

    /** The scheduler's monotonic time in nanoseconds: {@code System.nanoTime()} for a reactor. */
    long nanoTime();
}
