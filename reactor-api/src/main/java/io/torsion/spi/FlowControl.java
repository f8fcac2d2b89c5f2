package io.torsion.spi;

import io.torsion.api.PushProducer;

/**
 * The outbound queue's water marks and the producer that follows them. A connection makes one only
 * when it needs one (a producer registered, marks set, or the queue past the default high mark), so
 * an ordinary connection carries none.
 */
final class FlowControl {

    /** The documented default marks. */
    static final int DEFAULT_HIGH = 64 * 1024;
    static final int DEFAULT_LOW = 16 * 1024;

    PushProducer producer;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_LOW;
    private boolean full;

    void setMarks(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + " low=" + low);
        }
        this.high = high;
        this.low = low;
    }

    boolean isFull() {
        return full;
    }

    /** Looks at the queue's {@code size}; true when it just crossed a mark (then see {@link #isFull()}). */
    boolean crossed(long size) {
        if (!full && size > high) {
            full = true;
            return true;
        }
        if (full && size <= low) {
            full = false;
            return true;
        }
        return false;
    }
}
