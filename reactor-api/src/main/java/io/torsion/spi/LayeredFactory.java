package io.torsion.spi;

import io.torsion.api.Factory;

/**
 * A factory that wraps another to put a layer (TLS) under its protocols. The loop counts a
 * layered factory's ports and connectors as the wrapped factory's, so one factory behind several
 * wrappers (two {@code listenSsl} calls, or a plain and a TLS port) starts once and stops after
 * its last user, as the {@link Factory} contract says.
 */
public interface LayeredFactory extends Factory {

    /** The factory this one wraps. */
    Factory wrapped();

    /** The factory at the bottom of any wrapping: the one whose start and stop are counted. */
    static Factory innermost(Factory factory) {
        Factory f = factory;
        while (f instanceof LayeredFactory layered) {
            f = layered.wrapped();
        }
        return f;
    }
}
