package io.torsion.api;

import java.time.Duration;

/**
 * A task scheduled with {@link Scheduler#callLater}: it can be cancelled or moved until it runs.
 *
 * <p>Cancelling or resetting a call that already ran or was cancelled does nothing and returns
 * false, where Twisted raises {@code AlreadyCalled} or {@code AlreadyCancelled}: "cancel the
 * timeout if it is still pending" is the usual need, and a boolean answers "did it do anything?"
 * without a try block, as {@link java.util.concurrent.Future#cancel} does. Call these on the
 * scheduler's thread.
 */
public interface DelayedCall {

    /**
     * Prevents the task from running. Returns true when this call did that; false when the task
     * already ran (or is running now) or was already cancelled.
     */
    boolean cancel();

    /**
     * Moves the task to run {@code delay} from now, instead of when it was due. Returns true when it
     * moved; false, changing nothing, when the call already ran or was cancelled.
     */
    boolean reset(Duration delay);

    /** True until the task has run (or started running) or been cancelled. */
    boolean isActive();

    /** The scheduler time, in nanoseconds, at which the task is due. */
    long deadlineNanos();
}
