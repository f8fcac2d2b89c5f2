package io.torsion.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs a task every {@code interval} on a {@link Scheduler}, like Twisted's {@code LoopingCall}.
 *
 * <p>Runs are scheduled against the original start time, so a slow run does not make the loop
 * drift; if the loop falls more than one interval behind, the missed runs are skipped rather than
 * run back to back. An exception thrown by the task stops the loop and is logged by the scheduler.
 */
public final class LoopingCall {

    private final Scheduler scheduler;
    private final Runnable task;
    private final long intervalNanos;
    private final long startNanos;
    private long runs;
    private DelayedCall next;
    private boolean running = true;

    private LoopingCall(Scheduler scheduler, Duration interval, Runnable task) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.task = Objects.requireNonNull(task, "task");
        this.intervalNanos = interval.toNanos();
        this.startNanos = scheduler.nanoTime();
    }

    /** Starts the loop; the first run is one interval from now. */
    public static LoopingCall start(Scheduler scheduler, Duration interval, Runnable task) {
        LoopingCall call = new LoopingCall(scheduler, interval, task);
        call.scheduleAfter(0);
        return call;
    }

    /** Stops the loop; the task does not run again. Idempotent. */
    public void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
    }

    /** True until {@link #stop()} or until the task threw. */
    public boolean isRunning() {
        return running;
    }

    /** How many times the task has run. */
    public long runs() {
        return runs;
    }

    private void scheduleAfter(long completedIntervals) {
        long now = scheduler.nanoTime();
        long elapsedIntervals = Math.max(completedIntervals, (now - startNanos) / intervalNanos);
        long due = startNanos + (elapsedIntervals + 1) * intervalNanos;
        next = scheduler.callLater(Duration.ofNanos(Math.max(0, due - now)), () -> tick(elapsedIntervals + 1));
    }

    private void tick(long interval) {
        if (!running) {
            return;
        }
        runs++;
        boolean completed = false;
        try {
            task.run();
            completed = true;
        } finally {
            if (!completed) {
                running = false;
            }
        }
        if (running) {
            scheduleAfter(interval);
        }
    }
}
