package io.torsion.spi;

import java.io.IOException;

/**
 * One kernel object a backend can wait on: a connected stream, a listening socket, later a
 * datagram socket or a pipe end. Its owner (the connection or listener it was adopted into) closes
 * it exactly once. Reactor thread only.
 */
public interface Handle {

    /**
     * Prepares to report this handle's readiness to {@code handler}; nothing is watched until the
     * returned registrar is told what to watch. Called once, by the owner.
     */
    Registrar register(ReadinessHandler handler) throws IOException;

    /** Releases the descriptor. Called exactly once, after {@link Registrar#cancel()}. */
    void close();
}
