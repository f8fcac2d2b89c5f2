package io.torsion.api;

import java.net.InetSocketAddress;

/** A listening socket made by {@link Reactor#listenTcp}. */
public interface ListeningPort {

    /** The bound address; the real port when 0 was asked for. */
    InetSocketAddress address();

    /** The bound port; the real port when 0 was asked for. */
    default int port() {
        return address().getPort();
    }

    /**
     * Stops accepting and closes the listening socket; connections already accepted stay open. The
     * port can be bound again as soon as this returns. Idempotent. When this was the last port of
     * its factory, {@link Factory#stopFactory()} runs.
     */
    void stopListening();

    /** True until {@link #stopListening()} (or reactor stop). */
    boolean isListening();
}
