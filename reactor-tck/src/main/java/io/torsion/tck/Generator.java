package io.torsion.tck;

import io.torsion.api.PushProducer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server that streams {@code total} bytes of a pattern in chunks, one chunk per reactor turn,
 * as a well-behaved {@link PushProducer}: it stops while the transport says its queue is above the
 * high-water mark and goes on when told it drained. It records what the transport told it and
 * what the queue held at each moment, so the test can hold the transport to its water marks.
 */
final class Generator extends Probe {

    static final int CHUNK = 16 * 1024;

    private final long seed;
    private final long total;
    private final int high;
    private final int low;
    private long written;
    /** Set once every byte was handed to the transport. */
    volatile boolean finished;
    private boolean paused;
    private boolean scheduled;
    final AtomicLong maxQueued = new AtomicLong();
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();
    final List<Long> queuedAtPause = new CopyOnWriteArrayList<>();
    final List<Long> queuedAtResume = new CopyOnWriteArrayList<>();
    final List<Boolean> fullAtPause = new CopyOnWriteArrayList<>();
    final List<Boolean> fullAtResume = new CopyOnWriteArrayList<>();

    /** With {@code high} of 0 the transport keeps its default water marks. */
    Generator(Kit kit, long seed, long total, int high, int low) {
        super(kit, "generator-server");
        this.seed = seed;
        this.total = total;
        this.high = high;
        this.low = low;
    }

    @Override
    void made() {
        if (high > 0) {
            transport.setWaterMarks(high, low);
        }
        transport.registerProducer(new PushProducer() {
            @Override
            public void pauseProducing() {
                onReactorThread("pauseProducing");
                if (paused) {
                    kit.violation(name + ": pauseProducing twice without resumeProducing");
                }
                paused = true;
                pauses.incrementAndGet();
                queuedAtPause.add(transport.queuedBytes());
                fullAtPause.add(transport.isWriteBufferFull());
            }

            @Override
            public void resumeProducing() {
                onReactorThread("resumeProducing");
                if (!paused) {
                    kit.violation(name + ": resumeProducing without pauseProducing");
                }
                paused = false;
                resumes.incrementAndGet();
                queuedAtResume.add(transport.queuedBytes());
                fullAtResume.add(transport.isWriteBufferFull());
                scheduleNext();
            }
        });
        scheduleNext();
    }

    private void scheduleNext() {
        if (!scheduled && !paused && written < total && transport.isOpen()) {
            scheduled = true;
            transport.scheduler().callLater(Duration.ZERO, this::writeChunk);
        }
    }

    private void writeChunk() {
        scheduled = false;
        if (paused || written >= total || !transport.isOpen()) {
            return;
        }
        int n = (int) Math.min(CHUNK, total - written);
        transport.write(Pattern.bytes(seed, written, n));
        written += n;
        finished = written >= total;
        maxQueued.accumulateAndGet(transport.queuedBytes(), Math::max);
        scheduleNext();
    }
}
