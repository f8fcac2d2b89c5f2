package io.torsion.api;

import java.io.IOException;

/** A connection attempt was refused: nothing listens at the destination (ECONNREFUSED). */
public final class ConnectionRefused extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionRefused(String message) {
        super(message);
    }
}
