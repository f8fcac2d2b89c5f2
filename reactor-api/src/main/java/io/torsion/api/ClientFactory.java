package io.torsion.api;

/**
 * A {@link Factory} for outgoing connections made with
 * {@link Reactor#connectTcp(String, int, ClientFactory, java.time.Duration)}: it also hears how
 * each connection attempt ended.
 *
 * <p>For one attempt exactly one of these happens: {@link #clientConnectionFailed} (the connection
 * was never made), or {@code buildProtocol} followed later by {@link #clientConnectionLost}.
 */
public interface ClientFactory extends Factory {

    /** A connection attempt has begun. */
    default void startedConnecting(Connector connector) {
    }

    /**
     * The attempt failed: {@link ConnectionRefused}, {@link ConnectTimedOut}, a name that did not
     * resolve, or another I/O error. The factory may call {@link Connector#connect()} to retry.
     */
    default void clientConnectionFailed(Connector connector, Throwable reason) {
    }

    /**
     * A connection that was made has closed, after its protocol's {@code connectionLost}. The
     * factory may call {@link Connector#connect()} to reconnect.
     */
    default void clientConnectionLost(Connector connector, ConnectionClosed reason) {
    }
}
