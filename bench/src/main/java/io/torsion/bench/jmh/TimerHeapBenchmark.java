package io.torsion.bench.jmh;

import io.torsion.api.DelayedCall;
import io.torsion.spi.TimerHeap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The timer heap with 100,000 timers pending, the load of a server holding 100k connections with an
 * idle timeout each. One operation is what such a server does on every read: reset one timer
 * (remove it and push it back with a later deadline), or schedule a timer and cancel it again.
 * Delays are prepared Durations, as a server's configured timeouts are, so the GC profiler shows
 * what the heap itself allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerHeapBenchmark {

    private static final int TIMERS = 100_000;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int DELAYS = 1024;
    private static final Runnable NOTHING = () -> { };

    /** A clock the benchmark advances by hand, so deadlines spread without reading the real clock. */
    private long now;
    private TimerHeap heap;
    private DelayedCall[] timers;
    private int next;
    private final Duration[] delays = new Duration[DELAYS];
    private final SplitMix random = new SplitMix(42);

    @Setup(Level.Trial)
    public void fill() {
        for (int i = 0; i < DELAYS; i++) {
            delays[i] = Duration.ofMillis(random.nextInt(60_000));
        }
        heap = new TimerHeap(() -> now);
        timers = new DelayedCall[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            timers[i] = heap.schedule(Duration.ofMillis(1_000 + random.nextInt(60_000)), NOTHING);
        }
    }

    @Benchmark
    public boolean resetIdleTimeout() {
        DelayedCall timer = timers[next];
        next = next + 1 == TIMERS ? 0 : next + 1;
        now += random.nextInt(2_000);
        return timer.reset(IDLE_TIMEOUT);
    }

    @Benchmark
    public long scheduleAndCancel() {
        DelayedCall timer = heap.schedule(delays[random.nextInt(DELAYS)], NOTHING);
        timer.cancel();
        return heap.nextDeadline();
    }

    /** A tiny deterministic generator: java.util.Random's atomics would be measured too. */
    static final class SplitMix {
        private long state;

        SplitMix(long seed) {
            state = seed;
        }

        int nextInt(int bound) {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return (int) (((z ^ (z >>> 31)) >>> 1) % bound);
        }
    }
}
