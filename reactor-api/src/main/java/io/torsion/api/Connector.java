package io.torsion.api;

import java.net.InetSocketAddress;

/**
 * One outgoing connection's lifecycle, as returned by {@code connectTcp}. It can be re-used: after
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
     * Where this connector connects to: resolved once an attempt began, unresolved before that or if
     * the name did not resolve. For messages, a connector's {@code toString()} names the destination
     * as it was given to {@code connectTcp} ({@code 127.0.0.1:8000}, {@code example.org:80}).
     */
    InetSocketAddress destination();

    /** The reactor this connector belongs to, for scheduling retries. */
    Reactor reactor();
}
