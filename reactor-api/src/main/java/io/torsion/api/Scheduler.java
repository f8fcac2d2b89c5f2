package io.torsion.api;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /**
     * Calls {@code task} {@code delay} from now, on the scheduler's thread, and returns a stage that
     * completes there with its result or what it threw, like Twisted's {@code deferLater}.
     * Cancelling the stage ({@code toCompletableFuture().cancel(false)}, on the scheduler's thread)
     * cancels the pending call.
     */
    default <T> CompletionStage<T> deferLater(Duration delay, Callable<T> task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        CompletableFuture<T> stage = new CompletableFuture<>();
        DelayedCall call = callLater(delay, () -> {
            if (stage.isDone()) {
                return;
            }
            try {
                stage.complete(task.call());
            } catch (Exception e) {
                stage.completeExceptionally(e);
            }
        });
        stage.whenComplete((value, failure) -> {
            if (stage.isCancelled()) {
                call.cancel();
            }
        });
        return stage;
    }
}
