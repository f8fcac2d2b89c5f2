package io.torsion.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call on a loop's own thread for a group: at once before the group runs (the caller holds
 * the group's lifecycle lock, so no loop starts meanwhile), on the loop's own thread, or once the
 * loop has stopped (the call then fails as any use of a stopped reactor does); otherwise handed over
 * with {@code callFromThread}, also to a loop whose thread has not started yet, and waited for.
 */
final class LoopCalls {

    /** How long a caller waits for a running loop to take a call: long, for a loop that is busy. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    /** A call that may fail as listening does. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException;
    }

    private LoopCalls() {
    }

    /** Runs {@code call} on {@code loop}'s thread and returns its result or throws what it threw. */
    static <T> T call(EventLoop loop, boolean groupStarted, Call<T> call) throws IOException {
        if (!groupStarted || loop.isReactorThread() || loop.isStopped()) {
            return call.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callFromThread(() -> {
            try {
                result.complete(call.call());
            } catch (IOException | RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return await(loop, result);
    }

    /** Runs {@code task} on {@code loop}'s thread; waits for it only when {@code wait}. */
    static void run(EventLoop loop, boolean groupStarted, Runnable task, boolean wait) {
        if (!groupStarted || loop.isReactorThread() || loop.isStopped()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.callFromThread(() -> {
            try {
                task.run();
            } finally {
                done.complete(null);
            }
        });
        if (wait) {
            try {
                await(loop, done);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    private static <T> T await(EventLoop loop, CompletableFuture<T> result) throws IOException {
        try {
            return result.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) cause;
        } catch (TimeoutException e) {
            throw new IOException("a loop of the " + loop.name() + " group did not answer within "
                    + ANSWER_WITHIN.toSeconds() + " s (stopped, or stuck in a callback)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a loop of the " + loop.name() + " group", e);
        }
    }
}
