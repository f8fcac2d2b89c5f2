package io.torsion.spi;

import io.torsion.api.DatagramTransport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The datagrams a port could not send at once, in order, bounded in bytes. Each entry is a copy (the
 * writer may reuse its buffer) charged its length plus {@link DatagramTransport#QUEUED_DATAGRAM_OVERHEAD},
 * so the bound holds for empty datagrams too. Allocates only while the kernel is full.
 */
final class DatagramSendQueue {

    private record Queued(ByteBuffer data, SocketAddress to) {
        int cost() {
            return data.capacity() + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD;
        }
    }

    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int limit = DatagramTransport.DEFAULT_SEND_QUEUE_LIMIT;
    private int bytes;

    /** Copies {@code data}'s remaining bytes in (advancing it) unless they would pass the limit; false then. */
    boolean offer(ByteBuffer data, SocketAddress to) {
        int cost = data.remaining() + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD;
        if ((long) bytes + cost > limit) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        queue.add(new Queued(copy, to));
        bytes += cost;
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Bytes charged now. */
    int bytes() {
        return bytes;
    }

    void setLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("send queue limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** Puts the first entries (at most {@code data.length}) into the arrays; returns how many. */
    int peek(ByteBuffer[] data, SocketAddress[] to) {
        int n = 0;
        for (Queued q : queue) {
            if (n == data.length) {
                break;
            }
            data[n] = q.data();
            to[n] = q.to();
            n++;
        }
        return n;
    }

    /** Removes the first {@code n} entries (sent, or given up). */
    void remove(int n) {
        for (int i = 0; i < n; i++) {
            bytes -= queue.remove().cost();
        }
    }

    void clear() {
        queue.clear();
        bytes = 0;
    }
}
