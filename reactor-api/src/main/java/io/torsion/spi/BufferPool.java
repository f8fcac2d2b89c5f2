package io.torsion.spi;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for one reactor's write queues, recycled so that a steady stream of queued writes
 * allocates nothing. Direct, so a native backend can hand their addresses straight to
 * {@code writev}. Owned by the reactor thread.
 *
 * <p>Two sizes: a queue starts with a {@link #SMALL_CHUNK_SIZE} chunk when its first write is small
 * (the few lines a chat room turn leaves for each of a thousand members) and grows in
 * {@link #CHUNK_SIZE} chunks. Each size keeps as many free chunks as the busiest moment of the last
 * trim period had in use, at least a floor: a turn that fills a thousand queues finds a thousand
 * chunks the next time, and once the load is gone {@link #trim()} gives the surplus back to the
 * garbage collector, so a burst does not pin memory for ever.
 */
public final class BufferPool {

    /** Size of a growing queue's chunks: large enough to coalesce many writes, small enough to waste little. */
    public static final int CHUNK_SIZE = 16 * 1024;

    /** Size of a queue's first chunk when its first write fits: a few lines per connection. */
    public static final int SMALL_CHUNK_SIZE = 2 * 1024;

    private final SizeClass small = new SizeClass(SMALL_CHUNK_SIZE, 1024, 32 * 1024); // 2 MiB .. 64 MiB
    private final SizeClass large = new SizeClass(CHUNK_SIZE, 256, 4 * 1024);         // 4 MiB .. 64 MiB

    /** A cleared chunk of {@link #CHUNK_SIZE} bytes. */
    public ByteBuffer take() {
        return large.take();
    }

    /** A cleared chunk for a queue whose first write is {@code firstWrite} bytes: small when that fits. */
    public ByteBuffer takeFor(int firstWrite) {
        return firstWrite <= SMALL_CHUNK_SIZE ? small.take() : large.take();
    }

    /** Returns a chunk obtained from this pool; it must not be used afterwards. */
    public void give(ByteBuffer chunk) {
        if (!chunk.isDirect()) {
            return;
        }
        if (chunk.capacity() == CHUNK_SIZE) {
            large.give(chunk);
        } else if (chunk.capacity() == SMALL_CHUNK_SIZE) {
            small.give(chunk);
        }
    }

    /**
     * Ends a trim period: drops the free chunks beyond what the period's busiest moment had in use
     * (or the floor), and starts the next period from what is in use now.
     */
    public void trim() {
        small.trim();
        large.trim();
    }

    /** True while free chunks beyond the floors are held, which a later {@link #trim()} may release. */
    public boolean holdsSurplus() {
        return small.holdsSurplus() || large.holdsSurplus();
    }

    /** Free chunks held now, of both sizes. */
    public int idleChunks() {
        return small.idle.size() + large.idle.size();
    }

    /** The free chunks of one size and how many of them are worth keeping. */
    private static final class SizeClass {
        final int size;
        final int floor;
        final int ceiling;
        final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
        int inUse;
        /** The most chunks in use at once since the last trim. */
        int peakInUse;

        SizeClass(int size, int floor, int ceiling) {
            this.size = size;
            this.floor = floor;
            this.ceiling = ceiling;
        }

        ByteBuffer take() {
            if (++inUse > peakInUse) {
                peakInUse = inUse;
            }
            ByteBuffer chunk = idle.pollFirst();
            return chunk != null ? chunk.clear() : ByteBuffer.allocateDirect(size);
        }

        void give(ByteBuffer chunk) {
            if (inUse > 0) {
                inUse--;
            }
            if (idle.size() < keep()) {
                idle.addFirst(chunk);
            }
        }

        void trim() {
            int keep = keep();
            while (idle.size() > keep) {
                idle.pollLast();
            }
            peakInUse = inUse;
        }

        boolean holdsSurplus() {
            return idle.size() > floor;
        }

        private int keep() {
            return Math.min(ceiling, Math.max(floor, peakInUse));
        }
    }
}
