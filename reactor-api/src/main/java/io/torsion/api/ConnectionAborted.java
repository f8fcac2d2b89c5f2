package io.torsion.api;

/** This side called {@link Transport#abortConnection()}; queued data was dropped. */
public final class ConnectionAborted extends ConnectionClosed {

    private static final long serialVersionUID = 1L;

    public ConnectionAborted() {
        super("Connection was aborted locally.", null);
    }

    public ConnectionAborted(String message) {
        super(message, null);
    }
}
