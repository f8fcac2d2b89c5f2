package io.torsion.spi;

import java.io.IOException;
import java.net.SocketAddress;

/** A backend's listening socket: the raw calls under {@link PortListener}. */
public interface ListenerHandle extends Handle {

    /**
     * Accepts one pending connection as a handle nobody owns yet; null when none is pending.
     * Throws {@link TooManyOpenFiles#INSTANCE} on EMFILE/ENFILE (the connection stays in the
     * backlog), another {@code IOException} for a failure that concerns that one connection.
     */
    StreamHandle accept() throws IOException;

    /** The bound address: the real port when 0 was asked for. */
    SocketAddress localAddress();
}
