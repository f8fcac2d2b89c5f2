package io.torsion.api.endpoints;

import io.torsion.api.Reactor;
import java.util.function.Function;

/**
 * {@code tcp:} and {@code tcp6:}. They differ only in the interface a server listens on by default
 * (every IPv4 one, or every IPv6 one) and in what {@code interface=} takes; a client connects over
 * IPv6 with {@code tcp:} and an IPv6 host, so {@code tcp6:} makes only servers.
 */
final class TcpScheme implements EndpointScheme {

    private final String name;
    private final boolean ipv6;

    TcpScheme(String name, boolean ipv6) {
        this.name = name;
        this.ipv6 = ipv6;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StreamServerEndpoint streamServer(EndpointArguments arguments) {
        arguments.bind("port", "interface", "backlog", "strategy");
        Function<String, String> address = ipv6 ? EndpointValues::ipv6Address : EndpointValues::host;
        return new TcpServerEndpoint(
                arguments.optional("interface", ipv6 ? "::" : "0.0.0.0", address),
                arguments.required("port", EndpointValues::listenPort),
                arguments.optional("backlog", Reactor.DEFAULT_BACKLOG, EndpointValues::positive),
                arguments.optional("strategy", null, EndpointValues::strategy));
    }

    @Override
    public StreamClientEndpoint streamClient(EndpointArguments arguments) {
        if (ipv6) {
            throw arguments.error(null, "scheme 'tcp6' makes no clients; "
                    + "tcp: connects to IPv6 hosts too, as in tcp:host=\\:\\:1:port=1201");
        }
        arguments.bind("host", "port", "timeout");
        return new TcpClientEndpoint(
                arguments.required("host", EndpointValues::host),
                arguments.required("port", EndpointValues::connectPort),
                arguments.optional("timeout", TcpClientEndpoint.DEFAULT_TIMEOUT, EndpointValues::seconds));
    }
}
