package io.torsion.spi;

import java.io.IOException;

/**
 * What a {@link Registrar} reports readiness to: a stream connection, a listener, later a datagram
 * port or a pipe. A backend calls these from its wait loop; it never needs to know which it has.
 */
public interface ReadinessHandler {

    /**
     * Readable (for a listener: connections are pending). Does at most {@code budget} reads or
     * accepts; returns true when the budget ran out while more may be waiting, so an edge-triggered
     * backend knows to come back without a new edge.
     */
    boolean onReadable(int budget);

    /** Writable, or a pending connect completed or failed. */
    void onWritable();

    /** The kernel reported an error on the handle (a reset, a failed connect). */
    void onError(IOException error);

    /** True once the owner is closed: a backend drops what it still had queued for it. */
    boolean isClosed();
}
