package io.torsion.spi;

import io.torsion.api.DelayedCall;
import io.torsion.api.Scheduler;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The reactor's timers as one connection hands them out: a task that throws is charged to the
 * connection (closed like a throwing callback) while it is open, and is the loop's to log after.
 */
final class ConnectionScheduler implements Scheduler {

    private final EventLoop loop;
    private final BooleanSupplier closed;
    private final BiConsumer<String, Throwable> failed;

    ConnectionScheduler(EventLoop loop, BooleanSupplier closed, BiConsumer<String, Throwable> failed) {
        this.loop = loop;
        this.closed = closed;
        this.failed = failed;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        return loop.callLater(delay, () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                if (closed.getAsBoolean()) {
                    throw e;
                }
                failed.accept("a timer", e);
            }
        });
    }

    @Override
    public long nanoTime() {
        return loop.nanoTime();
    }
}
