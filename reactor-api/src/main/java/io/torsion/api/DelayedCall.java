package io.torsion.api;

import java.time.Duration;

/** A task scheduled with {@link Scheduler#callLater}: it can be cancelled or moved until it runs. */
public interface DelayedCall {

    /** Prevents the task from running. Idempotent; a no-op once the task ran. */
    void cancel();

    /**
     * Moves the task to run {@code delay} from now, instead of when it was due. Ignored (returns
     * false) when the call already ran or was cancelled.
     */
    boolean reset(Duration delay);

    /** True until the task has run or been cancelled. */
    boolean isActive();

    /** The scheduler time, in nanoseconds, at which the task is due. */
    long deadlineNanos();
}
