package io.torsion.apps;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Writes a socket address the way the apps' wire text shows it: {@code 127.0.0.1:40312},
 * {@code [::1]:40312}, or for a Unix domain socket {@code unix:/run/x.sock} ({@code unix:(unnamed)}
 * for a client socket that has no name, as most have not).
 */
final class HostPort {

    private HostPort() {
    }

    static String of(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return "unix:" + (path.isEmpty() ? "(unnamed)" : path);
        }
        if (!(address instanceof InetSocketAddress inet)) {
            return String.valueOf(address);
        }
        String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        // An IPv6 literal has colons of its own; brackets keep the port separable.
        boolean v6 = inet.getAddress() instanceof Inet6Address;
        return (v6 ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
}
