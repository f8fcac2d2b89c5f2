package io.torsion.spi;

import io.torsion.api.Protocol;

/**
 * The protocol a layer (TLS) gives the plain connection beneath it. When the reactor stops, the
 * loop asks the layer to end the connection its own way (TLS: close_notify after what was
 * written) instead of closing the plain stream under it; the stop's grace period still bounds it.
 */
public interface StreamLayer extends Protocol {

    /** The reactor is stopping: end the connection gracefully, as the layer's protocol defines it. */
    void closeAtStop();
}
