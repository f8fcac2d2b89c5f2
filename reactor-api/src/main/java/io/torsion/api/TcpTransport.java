package io.torsion.api;

import java.net.InetSocketAddress;

/**
 * A stream over TCP: what every {@link Transport} does, plus the switches only TCP has. The
 * transport a protocol gets over TCP is one of these:
 *
 * <pre>{@code
 * ((TcpTransport) transport).setTcpNoDelay(true);
 * }</pre>
 *
 * A switch the kernel refuses is logged at debug level and never closes the connection.
 */
public interface TcpTransport extends Transport {

    @Override
    InetSocketAddress getPeer();

    @Override
    InetSocketAddress getHost();

    /** Turns Nagle's algorithm off ({@code true}) or on. */
    void setTcpNoDelay(boolean enabled);

    /** Turns TCP keep-alive probes on or off. */
    void setKeepAlive(boolean enabled);
}
