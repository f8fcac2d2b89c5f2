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

    /** Opens a socket and begins a non-blocking connect to {@code remote}. */
    StreamHandle connect(A remote) throws IOException;
}
