package io.torsion.api;

/**
 * Something that produces data on its own initiative and can be asked to hold off: the flow
 * control half of Twisted's producer/consumer pair.
 *
 * <p>Register one with {@link Transport#registerProducer}. The transport calls
 * {@link #pauseProducing()} when its outbound queue rises above the high-water mark and
 * {@link #resumeProducing()} when it drains below the low-water mark; calls alternate, starting
 * with a pause. A {@link Transport} is itself a producer of what it reads, so
 * {@code transport.registerProducer(transport)} stops reading from a peer while the replies to it
 * are backed up: the classic echo-server defence against a client that sends but never reads.
 */
public interface PushProducer {

    /** Stop producing until {@link #resumeProducing()}. */
    void pauseProducing();

    /** Start producing again. */
    void resumeProducing();

    /** The consumer is gone (its connection closed); stop for good. Default: nothing. */
    default void stopProducing() {
    }
}
