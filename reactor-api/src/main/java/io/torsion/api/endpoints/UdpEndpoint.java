package io.torsion.api.endpoints;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.Reactor;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A UDP port: {@code udp:PORT[:interface=ADDRESS][:maxPacketSize=N]}, as Twisted's {@code udp:}.
 *
 * <ul>
 *   <li>{@code port} (positional, required): 0 to 65535; 0 picks a free port.
 *   <li>{@code interface}: an IPv4 or IPv6 address, or a host name resolved when binding; default
 *       {@code 0.0.0.0}. The port's family is the interface's.
 *   <li>{@code maxPacketSize}: the longest datagram delivered whole, 1 to
 *       {@value io.torsion.api.Reactor#MAX_UDP_PAYLOAD}; default
 *       {@value io.torsion.api.Reactor#DEFAULT_MAX_PACKET_SIZE}.
 * </ul>
 *
 * @param host the interface, as written
 * @param port the port
 * @param maxPacketSize the longest datagram delivered whole
 */
public record UdpEndpoint(String host, int port, int maxPacketSize) implements DatagramEndpoint {

    public UdpEndpoint {
        EndpointValues.host(host);
        EndpointValues.listenPort(Integer.toString(port));
        EndpointValues.packetSize(Integer.toString(maxPacketSize));
    }

    @Override
    public UdpTransport listen(Reactor reactor, DatagramProtocol protocol) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve interface '" + host + "'");
        }
        return reactor.listenUdp(address, protocol, maxPacketSize);
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        return "udp:" + port + ":interface=" + EndpointDescription.escape(host) + ":maxPacketSize=" + maxPacketSize;
    }
}
