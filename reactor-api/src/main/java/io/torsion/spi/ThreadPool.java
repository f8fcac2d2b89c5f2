package io.torsion.spi;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The reactor's bounded pool for blocking work: at most {@code threads} daemon threads, started
 * only when work arrives, and at most {@code maxQueued} jobs waiting for one of them; past that a
 * submission is refused at once. Each job's outcome goes back through {@code deliver} (the
 * reactor's {@code callFromThread}), so stages complete on the reactor thread.
 *
 * <p>The bookkeeping sits under one lock: submissions are rare next to I/O, and one lock keeps the
 * bound exact.
 */
final class ThreadPool {

    /** Threads a reactor's pool may start unless configured otherwise: enough for a few slow disks. */
    static final int DEFAULT_THREADS = 4;

    /** Jobs that may wait for a thread unless configured otherwise. */
    static final int DEFAULT_MAX_QUEUED = 256;

    /** One piece of work and, for {@code deferToThread}, the stage it completes. */
    private record Job(Callable<?> work, CompletableFuture<Object> stage) {
    }

    private final String name;
    private final Executor deliver;
    private final Consumer<Throwable> uncaught;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    /** Accepted jobs whose outcome has not yet been handled on the reactor thread. */
    private final AtomicInteger undelivered = new AtomicInteger();
    private int maxThreads = DEFAULT_THREADS;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private int threads;
    /** Threads not running a job; each will take one queued job without waiting for another. */
    private int idle;
    private int threadNumber;
    private boolean closed;

    ThreadPool(String name, Executor deliver, Consumer<Throwable> uncaught) {
        this.name = name;
        this.deliver = deliver;
        this.uncaught = uncaught;
    }

    void configure(int threads, int queued) {
        if (threads < 1) {
            throw new IllegalArgumentException("a thread pool needs at least one thread, not " + threads);
        }
        if (queued < 0) {
            throw new IllegalArgumentException("the queue bound cannot be negative: " + queued);
        }
        lock.lock();
        try {
            maxThreads = threads;
            maxQueued = queued;
            workArrived.signalAll(); // surplus idle threads notice and end
        } finally {
            lock.unlock();
        }
    }

    void execute(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        submit(new Job(() -> {
            task.run();
            return null;
        }, null));
    }

    @SuppressWarnings("unchecked")
    <T> CompletionStage<T> defer(Callable<T> task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        CompletableFuture<Object> stage = new CompletableFuture<>();
        submit(new Job(task, stage));
        return (CompletionStage<T>) stage;
    }

    /** True when every accepted job's outcome has been handled; shutdown waits for this. */
    boolean isQuiet() {
        return undelivered.get() == 0;
    }

    /**
     * Refuses new work from now on and fails the jobs not yet started (their stages fail with
     * {@link RejectedExecutionException}, on the reactor thread). Jobs already running finish.
     */
    void close() {
        List<Job> dropped;
        lock.lock();
        try {
            closed = true;
            dropped = List.copyOf(queue);
            queue.clear();
            workArrived.signalAll(); // idle threads end
        } finally {
            lock.unlock();
        }
        RejectedExecutionException why = new RejectedExecutionException(
                name + ": the reactor stopped before this task started");
        for (Job job : dropped) {
            deliver.execute(() -> handle(job, null, why));
        }
    }

    private void submit(Job job) {
        lock.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException(name + ": the reactor is stopping or stopped; "
                        + "its thread pool takes no more work");
            }
            if (queue.size() >= idle && threads < maxThreads) {
                startThread();
            }
            if (queue.size() - idle >= maxQueued) {
                throw new RejectedExecutionException(name + ": thread pool full (" + threads + " threads busy, "
                        + maxQueued + " tasks queued); raise the bound with configureThreadPool or submit less");
            }
            undelivered.incrementAndGet();
            queue.add(job);
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    private void startThread() {
        Thread thread = new Thread(this::work, "torsion-" + name + "-pool-" + ++threadNumber);
        thread.setDaemon(true); // a task that never returns must not keep the JVM alive
        threads++;
        idle++;
        thread.start();
    }

    private void work() {
        Job job;
        while ((job = next()) != null) {
            Object value = null;
            Throwable failure = null;
            try {
                value = job.work().call();
            } catch (Throwable t) {
                failure = t;
            }
            lock.lock();
            try {
                idle++;
            } finally {
                lock.unlock();
            }
            // Last, so a reactor waiting for quiet at shutdown is woken by this hand-over.
            Job done = job;
            Object result = value;
            Throwable error = failure;
            deliver.execute(() -> handle(done, result, error));
        }
    }

    /** The next job for the calling worker, or null when the worker should end. */
    private Job next() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed || threads > maxThreads) {
                    threads--;
                    idle--;
                    return null;
                }
                workArrived.awaitUninterruptibly();
            }
            idle--;
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /** On the reactor thread: completes the job's stage, or reports what a plain task threw. */
    private void handle(Job job, Object value, Throwable failure) {
        undelivered.decrementAndGet();
        if (job.stage() != null) {
            if (failure == null) {
                job.stage().complete(value);
            } else {
                job.stage().completeExceptionally(failure);
            }
        } else if (failure != null) {
            uncaught.accept(failure);
        }
    }
}
