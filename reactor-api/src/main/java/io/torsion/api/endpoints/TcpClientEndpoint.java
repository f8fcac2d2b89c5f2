package io.torsion.api.endpoints;

import io.torsion.api.ClientFactory;
import io.torsion.api.Connector;
import io.torsion.api.Reactor;
import java.time.Duration;

/**
 * A TCP server to connect to: {@code tcp:host=HOST:port=PORT[:timeout=SECONDS]}, or with the
 * fields positional, {@code tcp:HOST:PORT}.
 *
 * <ul>
 *   <li>{@code host} (required): an IPv4 or IPv6 address, or a host name, resolved when connecting.
 *   <li>{@code port} (required): 1 to 65535.
 *   <li>{@code timeout}: seconds, fractions allowed, before the attempt fails with
 *       {@code ConnectTimedOut}; default 30.
 * </ul>
 *
 * @param host the host, as written
 * @param port the port
 * @param timeout how long an attempt may take
 */
public record TcpClientEndpoint(String host, int port, Duration timeout) implements StreamClientEndpoint {

    /** How long a connection attempt may take when the string does not say. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public TcpClientEndpoint {
        EndpointValues.host(host);
        EndpointValues.connectPort(Integer.toString(port));
        EndpointValues.checkTimeout(timeout);
    }

    @Override
    public Connector connect(Reactor reactor, ClientFactory factory) {
        return reactor.connectTcp(host, port, factory, timeout);
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        return "tcp:host=" + EndpointDescription.escape(host) + ":port=" + port
                + ":timeout=" + EndpointValues.formatSeconds(timeout);
    }
}
