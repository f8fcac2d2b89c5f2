package io.torsion.apps;

import io.torsion.api.DatagramProtocol;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP echo, as the tutorial's server: each datagram goes back to its sender unchanged. Nothing is
 * allocated per datagram, and a sender that never reads costs a bounded send queue at most.
 */
public final class UdpEchoServer extends DatagramProtocol {

    /** The tutorial's port. */
    public static final int DEFAULT_PORT = 10000;

    private static final Logger log = LoggerFactory.getLogger(UdpEchoServer.class);

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
        transport.write(data, from);
    }

    @Override
    public void datagramTruncated(SocketAddress from) {
        log.warn("dropped a datagram from {}: longer than {} bytes (--max-packet)", from, transport.maxPacketSize());
    }
}
