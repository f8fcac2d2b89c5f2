package io.torsion.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into an address for {@code connectTcp}, like Twisted's
 * {@code IHostnameResolver}. The reactor calls it on one of its pool threads, so it may block (a
 * DNS query) without stalling other connections; the connect timeout covers the time it takes.
 * Install one with {@link Reactor#installResolver}; the default is {@link #SYSTEM}.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JDK's resolver: {@code /etc/hosts}, then DNS, with the JDK's cache. */
    HostResolver SYSTEM = InetAddress::getByName;

    /**
     * The address to connect to for {@code host}.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    InetAddress resolve(String host) throws UnknownHostException;
}
