package io.torsion.api;

import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * Builds one {@link Protocol} per accepted connection and holds what the connections share (a chat
 * room's member list, a log file).
 *
 * <p>{@link #startFactory()} is called once when the first port using this factory starts
 * listening on a reactor, and {@link #stopFactory()} once when the last such port stops, however
 * many ports share the factory. When the reactor itself stops, {@code stopFactory} waits until every
 * connection has heard {@code connectionLost}, so those callbacks may still use what the factory
 * holds. Both run on the reactor thread (or on the thread that calls
 * {@code listenTcp} before the reactor runs).
 */
public interface Factory {

    /**
     * Builds the protocol for a new connection from {@code peer}. Returning null refuses the
     * connection: the accepted socket is closed at once. An exception thrown here refuses it too and
     * is logged.
     */
    Protocol buildProtocol(SocketAddress peer);

    /** Called once before the first port using this factory listens. */
    default void startFactory() {
    }

    /** Called once after the last port using this factory stopped listening (see above for shutdown). */
    default void stopFactory() {
    }

    /** A factory that builds a fresh protocol from {@code supplier} for every connection. */
    static Factory forProtocol(Supplier<? extends Protocol> supplier) {
        return peer -> supplier.get();
    }
}
