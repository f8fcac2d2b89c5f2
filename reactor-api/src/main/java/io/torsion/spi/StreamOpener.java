package io.torsion.spi;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * How one backend opens one kind of stream socket, for addresses of type {@code A}. A backend
 * supports a kind with one of these and one {@link EventLoop#supportStream} line.
 */
public interface StreamOpener<A extends SocketAddress> {

    /**
     * Opens, binds and listens. {@code mode} is the socket file's permission bits where the kind has
     * a file (Unix domain sockets), ignored elsewhere. Address in use is a {@link java.net.BindException}.
     */
    ListenerHandle listen(A address, int backlog, int mode) throws IOException;

    /**
     * Opens, binds with {@code SO_REUSEPORT} and listens, so that several listeners (one per loop of a
     * group) share {@code address} and the kernel spreads new connections over them. Address in use
     * (by a socket without the option) is a {@link java.net.BindException}.
     *
     * @throws UnsupportedOperationException when this kind of socket cannot share its address
     */
    default ListenerHandle listenShared(A address, int backlog) throws IOException {
        throw new UnsupportedOperationException("these sockets cannot share an address with SO_REUSEPORT");
    }

    /** Opens a socket and begins a non-blocking connect to {@code remote}. */
    StreamHandle connect(A remote) throws IOException;
}
