package io.torsion.api;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** A listening socket made by {@link Reactor#listenTcp} or {@link Reactor#listenUnix}. */
public interface ListeningPort {

    /**
     * The bound address: an {@link InetSocketAddress} with the real port when 0 was asked for, or a
     * {@link java.net.UnixDomainSocketAddress}.
     */
    SocketAddress address();

    /** The bound TCP port (the real one when 0 was asked for); -1 for a port that is not TCP. */
    default int port() {
        return address() instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /**
     * Stops accepting and closes the listening socket; connections already accepted stay open. The
     * port can be bound again as soon as this returns; a Unix socket's file is removed. Idempotent. When this was the last port of
     * its factory, {@link Factory#stopFactory()} runs.
     */
    void stopListening();

    /** True until {@link #stopListening()} (or reactor stop). */
    boolean isListening();
}
