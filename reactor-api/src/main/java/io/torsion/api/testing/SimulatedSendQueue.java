package io.torsion.api.testing;

import io.torsion.api.PushProducer;

/**
 * The outbound side of a {@link StringTransport}: a kernel that takes everything or, while blocked,
 * nothing, the queue of bytes it has not taken, and the water marks that pause and resume the
 * registered producer. The rules are the reactors' transport's: pause when the queue rises above
 * the high mark, resume once it is at or below the low mark; calls alternate, starting with a pause.
 */
final class SimulatedSendQueue {

    private boolean blocked;
    private long queued;
    private boolean full;
    private int highWaterMark = StringTransport.DEFAULT_HIGH_WATER_MARK;
    private int lowWaterMark = StringTransport.DEFAULT_LOW_WATER_MARK;
    private PushProducer producer;

    /** Queues {@code length} written bytes; returns how many the kernel took at once. */
    long write(int length) {
        queued += length;
        if (blocked) {
            checkHighWater();
            return 0;
        }
        return drain(Long.MAX_VALUE);
    }

    /** The kernel takes up to {@code maxBytes}; returns how many it took. */
    long drain(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        long taken = Math.min(maxBytes, queued);
        queued -= taken;
        if (full && queued <= lowWaterMark) {
            full = false;
            if (producer != null) {
                producer.resumeProducing();
            }
        }
        return taken;
    }

    /** Blocks or unblocks the kernel; unblocking lets it take everything. Returns how many it took. */
    long setBlocked(boolean blocked) {
        this.blocked = blocked;
        return blocked ? 0 : drain(Long.MAX_VALUE);
    }

    boolean isBlocked() {
        return blocked;
    }

    void setWaterMarks(int high, int low) {
        if (low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
        highWaterMark = high;
        lowWaterMark = low;
        checkHighWater();
        drain(0);
    }

    int highWaterMark() {
        return highWaterMark;
    }

    int lowWaterMark() {
        return lowWaterMark;
    }

    long queued() {
        return queued;
    }

    boolean isFull() {
        return full;
    }

    /** Forgets what is queued without resuming anybody: the connection is going away. */
    void dropQueued() {
        queued = 0;
        full = false;
    }

    /** Registers the producer to pause and resume; it is paused at once if the queue is full. */
    void register(PushProducer producer) {
        if (this.producer != producer) {
            io.torsion.spi.PullPump.forget(this.producer); // a pull producer replaced or unregistered stops
        }
        this.producer = producer;
        if (full && producer != null) {
            producer.pauseProducing();
        }
    }

    PushProducer producer() {
        return producer;
    }

    private void checkHighWater() {
        if (!full && queued > highWaterMark) {
            full = true;
            if (producer != null) {
                producer.pauseProducing();
            }
        }
    }
}
