package io.torsion.api.endpoints;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import java.io.IOException;

/**
 * A Unix domain socket to listen on: {@code unix:ADDRESS[:mode=OCTAL][:backlog=N]}, such as
 * {@code unix:/run/torsion/chat.sock:mode=660} or {@code unix:@abstract-name}.
 *
 * <ul>
 *   <li>{@code address} (positional, required): a file path, or {@code @name} for a Linux abstract
 *       name (no file); at most 107 bytes. A file left there by a server that is gone is replaced;
 *       a live server there is an address in use. The file is removed when listening stops.
 *   <li>{@code mode}: the socket file's permissions in octal, as chmod takes them; default
 *       {@code 666}. Not for an abstract name.
 *   <li>{@code backlog}: the accept queue's length, at least 1; default 1024.
 * </ul>
 *
 * @param address the path, or {@code @name}
 * @param mode the socket file's permission bits (ignored for an abstract name)
 * @param backlog the accept queue's length
 */
public record UnixServerEndpoint(String address, int mode, int backlog) implements StreamServerEndpoint {

    /** The socket file's mode when the string does not say, as in Twisted: anyone may connect. */
    public static final int DEFAULT_MODE = 0666;

    /** The accept queue's length when the string does not say. */
    static final int DEFAULT_BACKLOG = Reactor.DEFAULT_BACKLOG;

    public UnixServerEndpoint {
        EndpointValues.unixPath(address);
        EndpointValues.octalMode(Integer.toOctalString(mode));
        EndpointValues.positive(Integer.toString(backlog));
    }

    /** True for a Linux abstract name, written with a leading {@code @}. */
    static boolean isAbstract(String address) {
        return address.startsWith("@");
    }

    @Override
    public ListeningPort listen(Reactor reactor, Factory factory) throws IOException {
        return reactor.listenUnix(address, factory, mode, backlog);
    }

    /** One socket, served by the group's acceptor: the kernel does not balance Unix sockets. */
    @Override
    public ListeningPort listen(io.torsion.api.ReactorGroup group, io.torsion.api.GroupFactory factory)
            throws IOException {
        return group.listenUnix(address, factory, mode, backlog);
    }

    /** The endpoint string for this endpoint, every key given that applies. */
    @Override
    public String toString() {
        String where = "unix:" + EndpointDescription.escape(address);
        return (isAbstract(address) ? where : where + ":mode=" + String.format("%03o", mode)) + ":backlog=" + backlog;
    }
}
