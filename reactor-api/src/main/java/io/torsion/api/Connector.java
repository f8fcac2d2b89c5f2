package io.torsion.api;

import java.net.SocketAddress;

/**
 * One outgoing connection's lifecycle, as returned by {@code connectTcp} or {@code connectUnix}. It can be re-used: after
 * a failure or a loss, {@link #connect()} tries the same destination again. Methods are called on
 * the reactor thread.
 */
public interface Connector {

    /** Starts a new attempt to the same destination; ignored while an attempt or connection is live. */
    void connect();

    /** Gives up an attempt in progress; the factory sees {@code clientConnectionFailed}. */
    void stopConnecting();

    /** Closes the current connection, if any, as {@link Transport#loseConnection()} would. */
    void disconnect();

    /**
     * Where this connector connects to: an {@link java.net.InetSocketAddress} (unresolved if the
     * name did not resolve) or a {@link java.net.UnixDomainSocketAddress}.
     */
    SocketAddress destination();

    /** The reactor this connector belongs to, for scheduling retries. */
    Reactor reactor();
}
