package io.torsion.bench.jmh;

import io.torsion.spi.BufferPool;
import io.torsion.spi.WriteQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The write queue as a connection uses it when the kernel does not take everything at once: one
 * operation appends a burst of messages and then drains the queue through gathering writes to a
 * simulated socket that accepts at most {@link #KERNEL_TAKES} bytes per call. In steady state the
 * chunks come from, and go back to, the pool, so the GC profiler should show no allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WriteQueueBenchmark {

    /** What one simulated writev takes: a typical free send-buffer slice on a busy connection. */
    static final int KERNEL_TAKES = 32 * 1024;

    /** Message size and how many are appended before the queue is drained. */
    @Param({"64:16", "64:1000", "16384:4"})
    public String burst;

    private WriteQueue queue;
    private ByteBuffer message;
    private int messages;
    private final ByteBuffer[] gather = new ByteBuffer[64];

    @Setup
    public void setUp() {
        String[] parts = burst.split(":");
        message = ByteBuffer.allocateDirect(Integer.parseInt(parts[0]));
        messages = Integer.parseInt(parts[1]);
        queue = new WriteQueue(new BufferPool());
    }

    @Benchmark
    public long appendThenDrain() {
        for (int i = 0; i < messages; i++) {
            message.clear();
            queue.append(message);
        }
        long calls = 0;
        while (!queue.isEmpty()) {
            queue.written(simulatedWritev(queue.fill(gather)));
            calls++;
        }
        return calls;
    }

    /** Advances the gathered buffers' positions as a writev of at most KERNEL_TAKES bytes would. */
    private long simulatedWritev(int count) {
        long budget = KERNEL_TAKES;
        long taken = 0;
        for (int i = 0; i < count && budget > 0; i++) {
            ByteBuffer chunk = gather[i];
            int n = (int) Math.min(chunk.remaining(), budget);
            chunk.position(chunk.position() + n);
            budget -= n;
            taken += n;
        }
        return taken;
    }
}
