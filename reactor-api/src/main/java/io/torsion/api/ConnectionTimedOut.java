package io.torsion.api;

import java.time.Duration;

/** No bytes moved in either direction for the idle timeout set with {@link Transport#setIdleTimeout}. */
public final class ConnectionTimedOut extends ConnectionClosed {

    private static final long serialVersionUID = 1L;

    public ConnectionTimedOut(Duration idle) {
        super("Connection was idle for " + idle.toMillis() + " ms.", null);
    }
}
