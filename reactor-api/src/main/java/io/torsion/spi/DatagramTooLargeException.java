package io.torsion.spi;

import java.net.SocketException;

/** The socket cannot send a datagram this long (EMSGSIZE); {@code write} turns it into a clear refusal. */
public final class DatagramTooLargeException extends SocketException {

    private static final long serialVersionUID = 1L;

    public DatagramTooLargeException(int length) {
        super("a datagram of " + length + " bytes is longer than this socket can send (EMSGSIZE)");
    }
}
