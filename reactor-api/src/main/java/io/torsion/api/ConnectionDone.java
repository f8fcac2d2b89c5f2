package io.torsion.api;

/** The connection was closed cleanly, by this side or the peer. */
public final class ConnectionDone extends ConnectionClosed {

    private static final long serialVersionUID = 1L;

    public ConnectionDone() {
        super("Connection was closed cleanly.", null);
    }

    public ConnectionDone(String message) {
        super(message, null);
    }
}
