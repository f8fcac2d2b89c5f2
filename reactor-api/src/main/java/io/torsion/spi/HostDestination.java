package io.torsion.spi;

import io.torsion.api.HostResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A TCP destination named by host and port. An IP literal is its own address; any other name is
 * looked up with the reactor's resolver, which may block, so {@link #blocks()} sends it to a pool
 * thread.
 */
final class HostDestination implements StreamConnector.Destination {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String host;
    private final int port;
    private final Supplier<HostResolver> resolver;

    HostDestination(String host, int port, Supplier<HostResolver> resolver) {
        this.host = host;
        this.port = port;
        this.resolver = resolver;
    }

    @Override
    public SocketAddress resolve() throws IOException {
        if (!blocks()) {
            return new InetSocketAddress(host, port); // a literal: parsed, never looked up
        }
        return new InetSocketAddress(resolver.get().resolve(host), port);
    }

    @Override
    public boolean blocks() {
        return !(IPV4_LITERAL.matcher(host).matches() || host.indexOf(':') >= 0);
    }
}
