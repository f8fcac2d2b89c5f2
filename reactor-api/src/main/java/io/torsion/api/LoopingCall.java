package io.torsion.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongConsumer;

/**
 * Runs a task every {@code interval} on a {@link Scheduler}, like Twisted's {@code LoopingCall}.
 *
 * <p><b>First run.</b> One interval after the start ({@link FirstRun#AFTER_INTERVAL}, torsion's
 * default), or at once, inside {@code start} ({@link FirstRun#NOW}, Twisted's default).
 *
 * <p><b>Timing.</b> Runs are scheduled against the start time, so a slow run does not make the
 * loop drift; if the loop falls more than one interval behind, the missed runs are skipped rather
 * than run back to back. {@link #withCount} tells the task how many intervals passed since its
 * last run (1 when on time; {@code count - 1} runs were skipped). An interval of zero runs the task
 * once per turn of the scheduler: once per loop turn on a reactor, once per {@code advance} that
 * moves a {@link io.torsion.api.testing.ManualClock}.
 *
 * <p><b>End.</b> {@link #whenDone()} completes with this looping call when {@link #stop()} is
 * called, and fails with what the task threw when a run throws; a throwing run also ends the loop,
 * and the exception still propagates to whoever ran the task (the scheduler logs it; a first run
 * with {@link FirstRun#NOW} throws out of {@code start}). Methods are called on the scheduler's
 * thread.
 */
public final class LoopingCall {

    /** When the first run comes. */
    public enum FirstRun {
        /** At once, inside {@code start}, as Twisted's {@code start(interval, now=True)}. */
        NOW,
        /** One interval after the start. */
        AFTER_INTERVAL
    }

    /** The delay that makes a zero-interval run wait for the scheduler's next turn, not this one. */
    private static final Duration NEXT_TURN = Duration.ofNanos(1);

    private final Scheduler scheduler;
    private final LongConsumer task;
    private final long intervalNanos;
    private final CompletableFuture<LoopingCall> done = new CompletableFuture<>();
    private long startNanos;
    /** The interval (counted from the start) of the last run; 0 before any. */
    private long lastInterval;
    private long runs;
    private DelayedCall next;
    private boolean running = true;

    private LoopingCall(Scheduler scheduler, Duration interval, LongConsumer task) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.task = Objects.requireNonNull(task, "task");
        this.intervalNanos = interval.toNanos();
        this.startNanos = scheduler.nanoTime();
    }

    /** Starts the loop; the first run is one interval from now. */
    public static LoopingCall start(Scheduler scheduler, Duration interval, Runnable task) {
        return start(scheduler, interval, FirstRun.AFTER_INTERVAL, task);
    }

    /** Starts the loop with the first run when {@code first} says. */
    public static LoopingCall start(Scheduler scheduler, Duration interval, FirstRun first, Runnable task) {
        Objects.requireNonNull(task, "task");
        return withCount(scheduler, interval, first, count -> task.run());
    }

    /**
     * Starts a loop whose task hears, at each run, how many intervals passed since its previous
     * run (or since the start): 1 when on time, more when the loop fell behind and skipped runs.
     * Twisted's {@code LoopingCall.withCount}. With a zero interval the count is always 1.
     */
    public static LoopingCall withCount(Scheduler scheduler, Duration interval, FirstRun first, LongConsumer task) {
        LoopingCall call = new LoopingCall(scheduler, interval, task);
        if (Objects.requireNonNull(first, "first") == FirstRun.NOW) {
            call.run(0, 1);
        }
        if (call.running) {
            call.scheduleNext();
        }
        return call;
    }

    /** Stops the loop; the task does not run again and {@link #whenDone()} completes. Idempotent. */
    public void stop() {
        running = false;
        if (next != null) {
            next.cancel();
            next = null;
        }
        done.complete(this);
    }

    /**
     * Starts the timing over from now: the pending run is dropped and the next one comes one
     * interval from now, as Twisted's {@code reset}.
     *
     * @throws IllegalStateException when the loop is not running
     */
    public void reset() {
        if (!running) {
            throw new IllegalStateException("reset of a looping call that is not running");
        }
        if (next != null) {
            next.cancel();
        }
        startNanos = scheduler.nanoTime();
        lastInterval = 0;
        scheduleNext();
    }

    /**
     * Completes with this looping call when {@link #stop()} is called, or fails with what the task
     * threw. Stages attached without an executor run on the scheduler's thread.
     */
    public CompletionStage<LoopingCall> whenDone() {
        return done;
    }

    /** True until {@link #stop()} or until the task threw. */
    public boolean isRunning() {
        return running;
    }

    /** How many times the task has run. */
    public long runs() {
        return runs;
    }

    /** The interval between runs. */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    private void scheduleNext() {
        if (intervalNanos == 0) {
            next = scheduler.callLater(NEXT_TURN, () -> tick(lastInterval + 1));
            return;
        }
        long now = scheduler.nanoTime();
        long behind = Math.max(lastInterval, (now - startNanos) / intervalNanos);
        long interval = behind + 1;
        long due = startNanos + interval * intervalNanos;
        next = scheduler.callLater(Duration.ofNanos(Math.max(0, due - now)), () -> tick(interval));
    }

    private void tick(long interval) {
        next = null;
        if (!running) {
            return;
        }
        if (intervalNanos == 0) {
            run(interval, 1);
        } else {
            // A run that comes late (the scheduler was blocked) counts the intervals really passed.
            long reached = Math.max(interval, (scheduler.nanoTime() - startNanos) / intervalNanos);
            run(reached, reached - lastInterval);
        }
        if (running && next == null) {
            scheduleNext();
        }
    }

    private void run(long interval, long count) {
        lastInterval = interval;
        runs++;
        try {
            task.accept(count);
        } catch (RuntimeException | Error e) {
            running = false;
            done.completeExceptionally(e);
            throw e;
        }
    }
}
