package io.torsion.apps;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;

/**
 * Writes a socket address the way the apps' wire text shows it: {@code 127.0.0.1:40312}, and for
 * IPv6 the short form of RFC 5952 in brackets, {@code [::1]:40312}, as Python and Twisted write it.
 */
final class HostPort {

    private HostPort() {
    }

    /** Any socket address: a Unix domain socket as {@code unix:PATH} ({@code unix:(unnamed)} for a client's). */
    static String of(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return "unix:" + (path.isEmpty() ? "(unnamed)" : path);
        }
        return address instanceof InetSocketAddress inet ? of(inet) : String.valueOf(address);
    }

    static String of(InetSocketAddress address) {
        if (address.getAddress() instanceof Inet6Address v6) {
            return of(shortForm(v6.getHostAddress()), address.getPort());
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return of(host, address.getPort());
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    static String of(String host, int port) {
        // An IPv6 literal has colons of its own; brackets keep the port separable.
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The JDK's eight groups ({@code 0:0:0:0:0:0:0:1}) with the longest run of two or more zero groups as {@code ::}. */
    private static String shortForm(String full) {
        int percent = full.indexOf('%');
        String scope = percent < 0 ? "" : full.substring(percent);
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups) + scope;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + scope;
    }
}
