package io.torsion.api;

import java.time.Duration;

/** An idle timeout expired: nothing was read, written, or either, for its interval ({@link Transport#setIdleTimeouts}). */
public final class ConnectionTimedOut extends ConnectionClosed {

    private static final long serialVersionUID = 1L;

    public ConnectionTimedOut(Duration idle) {
        super("Connection was idle for " + idle.toMillis() + " ms.", null);
    }
}
