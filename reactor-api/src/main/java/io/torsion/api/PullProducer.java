package io.torsion.api;

/**
 * A producer that writes only when asked: Twisted's non-streaming {@code IPullProducer}. Register
 * one with {@link Transport#registerPullProducer}; the transport calls {@link #resumeProducing()}
 * on the reactor thread each time it wants more, and the producer writes one piece then (a chunk
 * of a file, say). When it has nothing more to give it calls {@link Transport#unregisterProducer()}.
 *
 * <p>Unlike a {@link PushProducer}, it never writes on its own initiative, so it cannot overrun the
 * outbound queue: the transport asks only while the queue is below its high-water mark.
 */
public interface PullProducer {

    /** Write one piece now; each call should write something or unregister. */
    void resumeProducing();

    /** The consumer is gone (its connection closed); stop for good. Default: nothing. */
    default void stopProducing() {
    }
}
