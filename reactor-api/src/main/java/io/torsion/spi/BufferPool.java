package io.torsion.spi;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Fixed-size direct buffers for one reactor's write queues, recycled so that a steady stream of
 * queued writes allocates nothing. Direct, so a native backend can hand their addresses straight to
 * {@code writev}. Keeps at most {@link #MAX_IDLE} free chunks; the rest go to the garbage collector,
 * so a burst of queued data does not pin memory for ever. Owned by the reactor thread.
 */
public final class BufferPool {

    /** Size of one chunk: large enough to coalesce many small writes, small enough to waste little. */
    public static final int CHUNK_SIZE = 16 * 1024;

    /** Free chunks kept for reuse: 4 MiB per reactor at most. */
    static final int MAX_IDLE = 256;

    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

    /** A cleared chunk of {@link #CHUNK_SIZE} bytes. */
    public ByteBuffer take() {
        ByteBuffer chunk = idle.pollFirst();
        return chunk != null ? chunk.clear() : ByteBuffer.allocateDirect(CHUNK_SIZE);
    }

    /** Returns a chunk obtained from {@link #take()}; it must not be used afterwards. */
    public void give(ByteBuffer chunk) {
        if (idle.size() < MAX_IDLE && chunk.capacity() == CHUNK_SIZE && chunk.isDirect()) {
            idle.addFirst(chunk);
        }
    }

    /** Free chunks held now. */
    public int idleChunks() {
        return idle.size();
    }
}
