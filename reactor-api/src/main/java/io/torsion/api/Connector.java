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
     * name did not resolve) or a {@link java.net.UnixDomainSocketAddress}. For messages, a
     * connector's {@code toString()} names the destination as it was given ({@code 127.0.0.1:8000},
     * {@code example.org:80}, a socket path).
     */
    SocketAddress destination();

    /** The reactor this connector belongs to, for scheduling retries. */
    Reactor reactor();
}
