package io.torsion.api;

/**
 * The connection was lost in a non-clean fashion: reset by the peer, a failed read or write, or an
 * exception thrown by a protocol callback. {@link #getCause()} says which.
 */
public final class ConnectionLost extends ConnectionClosed {

    private static final long serialVersionUID = 1L;

    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }

    public ConnectionLost(Throwable cause) {
        super("Connection was lost: " + cause, cause);
    }
}
