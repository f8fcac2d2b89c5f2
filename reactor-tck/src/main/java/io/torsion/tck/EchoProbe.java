package io.torsion.tck;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server protocol that watches its own write queue: the largest queue it saw after a
 * write, and how often writing left the transport paused by its own water marks. With
 * {@code obeyWaterMarks} it registers {@code transport.registerProducer(transport)}, so reading
 * stops while replies are backed up.
 */
class EchoProbe extends Probe {

    private final boolean obeyWaterMarks;
    final AtomicLong maxQueued = new AtomicLong();
    final AtomicInteger pausedAfterWrite = new AtomicInteger();

    EchoProbe(Kit kit, String name, boolean obeyWaterMarks) {
        super(kit, name);
        this.obeyWaterMarks = obeyWaterMarks;
    }

    @Override
    void made() {
        if (obeyWaterMarks) {
            transport.registerProducer(transport);
        }
    }

    @Override
    void received(ByteBuffer data) {
        transport.write(data);
        maxQueued.accumulateAndGet(transport.queuedBytes(), Math::max);
        if (transport.isPaused()) {
            pausedAfterWrite.incrementAndGet();
        }
    }
}
