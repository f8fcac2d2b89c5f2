package io.torsion.api.endpoints;

import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListenStrategy;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A TCP port to listen on: {@code tcp:PORT[:interface=ADDRESS][:backlog=N]}.
 *
 * <ul>
 *   <li>{@code port} (positional, required): 0 to 65535; 0 picks a free port.
 *   <li>{@code interface}: an IPv4 or IPv6 address, or a host name resolved when listening; default
 *       {@code 0.0.0.0}, every interface ({@code tcp6:} takes an IPv6 address only and defaults to
 *       {@code ::}).
 *   <li>{@code backlog}: the accept queue's length, at least 1; default
 *       {@value io.torsion.api.Reactor#DEFAULT_BACKLOG} (the kernel caps it at
 *       {@code net.core.somaxconn}).
 *   <li>{@code strategy}: on a {@link ReactorGroup}, how connections are spread over its loops:
 *       {@code reuseport} (a socket per loop, SO_REUSEPORT), {@code roundrobin} or {@code fewest}
 *       (one acceptor handing connections out); default the group's backend's. A single reactor
 *       ignores it.
 * </ul>
 *
 * @param host the interface, as written
 * @param port the port
 * @param backlog the accept queue's length
 * @param strategy how a group spreads the connections, or null for its default
 */
public record TcpServerEndpoint(String host, int port, int backlog, ListenStrategy strategy)
        implements StreamServerEndpoint {

    public TcpServerEndpoint {
        EndpointValues.host(host);
        EndpointValues.listenPort(Integer.toString(port));
        EndpointValues.positive(Integer.toString(backlog));
    }

    /** A TCP port with the group's default strategy. */
    public TcpServerEndpoint(String host, int port, int backlog) {
        this(host, port, backlog, null);
    }

    @Override
    public ListeningPort listen(Reactor reactor, Factory factory) throws IOException {
        return reactor.listenTcp(resolved(), factory, backlog);
    }

    @Override
    public ListeningPort listen(ReactorGroup group, GroupFactory factory) throws IOException {
        return group.listenTcp(resolved(), factory, strategy != null ? strategy : group.defaultStrategy(), backlog);
    }

    private InetSocketAddress resolved() throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve interface '" + host + "'");
        }
        return address;
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        return "tcp:" + port + ":interface=" + EndpointDescription.escape(host) + ":backlog=" + backlog
                + (strategy == null ? "" : ":strategy=" + EndpointValues.strategyName(strategy));
    }
}
