package io.torsion.spi;

import io.torsion.api.PushProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A connection's sending half. Writes made during one loop turn are gathered: the first write of a
 * turn lists the connection with the loop, each write is copied into the queue, and the loop
 * flushes every listed connection in one gathering write each when the turn's dispatch ends,
 * before it waits again ({@link EventLoop#flushPending}). A write that brings a turn's unsent bytes
 * to {@link #GATHER_AT} or more goes out at once (a large write is not copied at all), so pending
 * bytes stay small and the water marks keep meaning bytes the kernel refused. Only what the kernel
 * did not take waits for writability; the queue is made on first need. Failures are reported to
 * the connection, which decides what they mean.
 */
final class Outbound {

    /** The documented default marks. */
    static final int DEFAULT_HIGH = 64 * 1024;
    static final int DEFAULT_LOW = 16 * 1024;
    /** Unsent bytes of one turn that are written at once rather than at the end of the turn. */
    static final int GATHER_AT = 16 * 1024;

    private final StreamConnection connection;
    private final StreamHandle handle;
    private final EventLoop loop;
    private WriteQueue queue;
    private PushProducer producer;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_LOW;
    private boolean full;
    /** Listed with the loop for the end of this turn: what is queued has not been offered to the kernel. */
    private boolean pending;

    Outbound(StreamConnection connection, StreamHandle handle, EventLoop loop) {
        this.connection = connection;
        this.handle = handle;
        this.loop = loop;
    }

    /** Bytes written but not yet taken by the kernel. */
    long size() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * Queues {@code data} for the end of the turn, or writes it now when the turn's unsent bytes
     * reach {@link #GATHER_AT}; behind bytes the kernel refused it just queues. Writes are accepted
     * only while {@code open}.
     */
    void write(ByteBuffer data, boolean open) {
        if (!open || !data.hasRemaining()) {
            data.position(data.limit()); // writes after loseConnection are dropped, as in Twisted
            return;
        }
        if (size() == 0 && data.remaining() >= GATHER_AT) {
            try {
                if (handle.write(data) > 0) {
                    connection.wrote();
                }
            } catch (IOException e) {
                data.position(data.limit());
                connection.connectionFailed(e);
                return;
            }
            enqueue(data);
        } else {
            gather(data);
        }
    }

    /** As {@link #write} for each buffer, in order. */
    void writeSequence(ByteBuffer[] data, boolean open) {
        for (ByteBuffer b : data) {
            write(b, open);
            open &= !connection.isClosed();
        }
    }

    /** True while bytes wait for the socket to become writable (not merely for the end of the turn). */
    boolean waitsForKernel() {
        return !pending && size() > 0;
    }

    /** The turn ended: true when this connection's queue still waits to be offered to the kernel. */
    boolean takePending() {
        boolean was = pending;
        pending = false;
        return was;
    }

    /** The socket is writable: sends what is queued; true when the queue is empty afterwards. */
    boolean flush() throws IOException {
        if (queue == null) {
            return true;
        }
        long sent = 0;
        while (!queue.isEmpty()) {
            long n = sendSome();
            queue.written(n);
            sent += n;
            if (n == 0) {
                break;
            }
        }
        if (sent > 0) {
            connection.wrote();
        }
        return queue.isEmpty();
    }

    /**
     * One write of the queue's head: the lone chunk straight (a turn's gathered small writes, the
     * usual case, without walking the queue), else a gathering write of the chunks.
     */
    private long sendSome() throws IOException {
        if (queue.chunkCount() == 1) {
            return handle.write(queue.head());
        }
        ByteBuffer[] gather = loop.gatherArray();
        try {
            int count = queue.fill(gather);
            return handle.write(gather, 0, count);
        } finally {
            Arrays.fill(gather, null);
        }
    }

    /** Drops what is queued (an abort, a close). */
    void clear() {
        if (queue != null) {
            queue.clear();
        }
    }

    void setMarks(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + " low=" + low);
        }
        this.high = high;
        this.low = low;
        checkMarks();
    }

    /** True above the high mark, until the queue drains to the low mark. */
    boolean isFull() {
        return full;
    }

    /** Registers the producer that follows the marks (null: none); pauses it at once when full. */
    void register(PushProducer p) {
        producer = p;
        if (full && p != null) {
            tell(p);
        }
    }

    /** Forgets the producer and returns it. */
    PushProducer unregister() {
        PushProducer p = producer;
        producer = null;
        return p;
    }

    /** Pauses or resumes the producer when the queue crossed a mark. */
    void checkMarks() {
        long size = size();
        if (full ? size <= low : size > high) {
            full = !full;
            if (producer != null) {
                tell(producer);
            }
        }
    }

    /** Copies {@code data} into the queue behind what is pending; writes all now past {@link #GATHER_AT}. */
    private void gather(ByteBuffer data) {
        boolean first = size() == 0;
        if (!first && !pending) {
            enqueue(data); // behind refused bytes: the socket's writability sends it
            return;
        }
        queue().append(data);
        if (first) {
            pending = true;
            loop.writeLater(connection);
        }
        if (pending && size() >= GATHER_AT) {
            pending = false; // keeps pending bytes small; the loop's later visit finds nothing to do
            connection.flush();
        }
    }

    /** Queues what the kernel did not take, waits for writability, follows the marks. */
    private void enqueue(ByteBuffer data) {
        if (data.hasRemaining()) {
            queue().append(data);
            connection.updateInterest();
            checkMarks();
        }
    }

    private WriteQueue queue() {
        if (queue == null) {
            queue = new WriteQueue(loop.bufferPool());
        }
        return queue;
    }

    private void tell(PushProducer p) {
        try {
            if (full) {
                p.pauseProducing();
            } else {
                p.resumeProducing();
            }
        } catch (RuntimeException | Error e) {
            connection.protocolFailed(full ? "pauseProducing" : "resumeProducing", e);
        }
    }
}
