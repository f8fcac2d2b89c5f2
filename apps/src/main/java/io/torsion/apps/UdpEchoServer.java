package io.torsion.apps;

import io.torsion.api.DatagramProtocol;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * UDP echo, as the tutorial's server: each datagram goes back to its sender unchanged. Nothing is
 * allocated per datagram, and a sender that never reads costs a bounded send queue at most.
 */
public final class UdpEchoServer extends DatagramProtocol {

    /** The tutorial's port. */
    public static final int DEFAULT_PORT = 10000;

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
        transport.write(data, from);
    }
}
