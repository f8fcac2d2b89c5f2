package io.torsion.spi;

import io.torsion.api.PushProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A connection's sending half: writes go to the kernel at once and only what it did not take is
 * queued; the queue follows the water marks a registered producer is paused and resumed by. The
 * queue itself is made on first need, so a connection whose writes always go straight out carries
 * none. Failures are reported to the connection, which decides what they mean.
 */
final class Outbound {

    /** The documented default marks. */
    static final int DEFAULT_HIGH = 64 * 1024;
    static final int DEFAULT_LOW = 16 * 1024;

    private final StreamConnection connection;
    private final StreamHandle handle;
    private final EventLoop loop;
    private WriteQueue queue;
    private PushProducer producer;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_LOW;
    private boolean full;

    Outbound(StreamConnection connection, StreamHandle handle, EventLoop loop) {
        this.connection = connection;
        this.handle = handle;
        this.loop = loop;
    }

    /** Bytes written but not yet taken by the kernel. */
    long size() {
        return queue == null ? 0 : queue.size();
    }

    /** Writes now what the kernel takes, queues the rest. Writes are accepted only while {@code open}. */
    void write(ByteBuffer data, boolean open) {
        if (open && data.hasRemaining() && size() == 0) {
            try {
                if (handle.write(data) > 0) {
                    connection.touch();
                }
            } catch (IOException e) {
                data.position(data.limit());
                connection.connectionFailed(e);
                return;
            }
        }
        enqueue(data, open);
    }

    /** One gathering write when nothing is queued, then queues what it left, in order. */
    void writeSequence(ByteBuffer[] data, boolean open) {
        if (open && size() == 0 && data.length > 1) {
            try {
                if (handle.write(data, 0, data.length) > 0) {
                    connection.touch();
                }
            } catch (IOException e) {
                connection.connectionFailed(e);
                open = false;
            }
        }
        for (ByteBuffer b : data) {
            enqueue(b, open);
        }
    }

    /** The socket is writable: sends what is queued; true when the queue is empty afterwards. */
    boolean flush() throws IOException {
        if (queue == null) {
            return true;
        }
        ByteBuffer[] gather = loop.gatherArray();
        long sent = 0;
        try {
            while (!queue.isEmpty()) {
                int count = queue.fill(gather);
                long n = count == 1 ? handle.write(gather[0]) : handle.write(gather, 0, count);
                queue.written(n);
                sent += n;
                if (n == 0) {
                    break;
                }
            }
        } finally {
            Arrays.fill(gather, null);
        }
        if (sent > 0) {
            connection.touch();
        }
        return queue.isEmpty();
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

    private void enqueue(ByteBuffer data, boolean open) {
        if (!open) {
            data.position(data.limit()); // writes after loseConnection are dropped, as in Twisted
        } else if (data.hasRemaining()) {
            if (queue == null) {
                queue = new WriteQueue(loop.bufferPool());
            }
            queue.append(data);
            connection.updateInterest();
            checkMarks();
        }
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
