package io.torsion.apps;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Writes a socket address the way the apps' wire text shows it: {@code 127.0.0.1:40312}. */
final class HostPort {

    private HostPort() {
    }

    static String of(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        // An IPv6 literal has colons of its own; brackets keep the port separable.
        boolean v6 = address.getAddress() instanceof Inet6Address;
        return (v6 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
