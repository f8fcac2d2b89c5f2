package io.torsion.apps;

import io.torsion.api.DatagramProtocol;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tutorial's multicast receiver: answers every datagram with {@code ack}, to its sender. */
public final class MulticastListener extends DatagramProtocol {

    private static final Logger log = LoggerFactory.getLogger(MulticastListener.class);
    private static final byte[] ACK = "ack".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
        log.info("received {} bytes from {}: {}", data.remaining(), HostPort.of((InetSocketAddress) from),
                StandardCharsets.UTF_8.decode(data.duplicate()));
        transport.write(ACK, from);
    }
}
