package io.torsion.fuzz;

import io.torsion.api.FramingProtocol;
import io.torsion.api.testing.EverySplit;
import io.torsion.api.testing.StringTransport;
import java.util.function.LongSupplier;

/**
 * Feeds a framer its input as a reactor would: chunk by chunk in buffers that are overwritten once
 * the call returns, nothing while the framer has paused (it is resumed before the next chunk, as a
 * transport resumes reading later), nothing once the connection is closing. After every chunk it
 * checks the framer's memory: what it holds undelivered stays within {@code bound}, plus the last
 * chunk when it paused or closed in the middle of it (a transport stops reading then).
 */
public final class Feeder {

    private Feeder() {
    }

    public static void feed(FramingProtocol framer, StringTransport transport, byte[] input, Chunkings.Cut cut,
            LongSupplier bound) {
        EverySplit.feed(chunk -> {
            resume(framer, transport);
            if (!transport.isOpen()) {
                return;
            }
            int length = chunk.remaining();
            framer.dataReceived(chunk);
            long allowed = bound.getAsLong() + (framer.isPaused() || !transport.isOpen() ? length : 0);
            if (framer.undeliveredBytes() > allowed) {
                throw new AssertionError(framer.undeliveredBytes() + " bytes held undelivered, more than " + allowed);
            }
        }, input, cut.offsets(), cut.direct());
        resume(framer, transport);
    }

    /** Resumes a paused framer until it stays resumed: each resume delivers at least one frame. */
    private static void resume(FramingProtocol framer, StringTransport transport) {
        while (framer.isPaused() && transport.isOpen()) {
            framer.resumeProducing();
        }
    }
}
