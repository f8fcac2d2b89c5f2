package io.torsion.spi;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bytes a connection wrote that the kernel has not taken yet, as a list of pooled chunks.
 *
 * <p>Small writes are coalesced into the tail chunk, so a thousand queued 64-byte messages go out
 * in one gathering write over a few chunks. Each chunk is kept in read mode: position is the next
 * byte to send, limit the end of the data. Not thread-safe: the reactor thread owns it.
 */
public final class WriteQueue {

    private final BufferPool pool;
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private long size;

    public WriteQueue(BufferPool pool) {
        this.pool = pool;
    }

    /** Copies every remaining byte of {@code src} to the end of the queue; advances src to its limit. */
    public void append(ByteBuffer src) {
        int remaining = src.remaining();
        size += remaining;
        ByteBuffer tail = chunks.peekLast();
        while (src.hasRemaining()) {
            if (tail == null || tail.limit() == tail.capacity()) {
                // the first chunk fits the first write, so a thousand queues holding a line each stay small
                tail = (chunks.isEmpty() ? pool.takeFor(src.remaining()) : pool.take()).limit(0);
                chunks.addLast(tail);
            }
            int start = tail.limit();
            int n = Math.min(src.remaining(), tail.capacity() - start);
            tail.limit(start + n);
            tail.put(start, src, src.position(), n);
            src.position(src.position() + n);
        }
    }

    /**
     * Puts the queued chunks, oldest first, into {@code out} (as many as fit) for a gathering write
     * and returns how many it put. A write that sends bytes must advance the chunks' positions (as
     * {@link java.nio.channels.GatheringByteChannel} does) and then call {@link #written(long)}.
     */
    public int fill(ByteBuffer[] out) {
        int n = 0;
        for (ByteBuffer chunk : chunks) {
            if (n == out.length) {
                break;
            }
            out[n++] = chunk;
        }
        return n;
    }

    /** The oldest chunk, or null when empty; for backends that write one buffer at a time. */
    public ByteBuffer head() {
        return chunks.peekFirst();
    }

    /** Records that {@code n} bytes went out (positions already advanced) and recycles spent chunks. */
    public void written(long n) {
        size -= n;
        ByteBuffer head;
        while ((head = chunks.peekFirst()) != null && !head.hasRemaining()) {
            chunks.pollFirst();
            pool.give(head);
        }
    }

    /** Drops everything queued. */
    public void clear() {
        ByteBuffer chunk;
        while ((chunk = chunks.pollFirst()) != null) {
            pool.give(chunk);
        }
        size = 0;
    }

    /** Bytes queued. */
    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Chunks queued (for gathering-write sizing and tests). */
    public int chunkCount() {
        return chunks.size();
    }
}
