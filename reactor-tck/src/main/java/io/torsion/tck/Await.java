package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition, with a deadline and never a fixed sleep. */
final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@link Kit#WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, condition, Kit.WAIT);
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Waits until {@code sink} holds {@code count} protocols whose connectionMade ran; returns it. */
    static <P extends Probe> List<P> awaitMade(List<P> sink, int count) {
        await(count + " connection(s) made",
                () -> sink.size() >= count && sink.stream().limit(count).allMatch(Probe::isMade));
        return sink;
    }

    /** The result of a background task, waiting at most {@code timeout}; its exception is rethrown. */
    static <T> T result(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("background task did not finish within " + timeout);
        }
    }
}
