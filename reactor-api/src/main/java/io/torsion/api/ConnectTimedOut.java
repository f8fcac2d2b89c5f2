package io.torsion.api;

import java.io.IOException;

/** A connection attempt did not complete within the timeout given to {@code connectTcp}. */
public final class ConnectTimedOut extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectTimedOut(String message) {
        super(message);
    }
}
