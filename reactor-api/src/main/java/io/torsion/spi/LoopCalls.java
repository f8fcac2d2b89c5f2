package io.torsion.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call on a loop's own thread for a group: at once when the loop is not running yet (or this
 * is its thread), otherwise handed over with {@code callFromThread}, and waited for.
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
    static <T> T call(EventLoop loop, Call<T> call) throws IOException {
        if (loop.isReactorThread() || !loop.isRunning()) {
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
    static void run(EventLoop loop, Runnable task, boolean wait) {
        if (loop.isReactorThread() || !loop.isRunning()) {
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
