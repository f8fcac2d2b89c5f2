package io.torsion.select;

import io.torsion.spi.DatagramPort;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.DatagramTooLargeException;
import io.torsion.spi.UdpHandle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * A UDP port on a {@link DatagramChannel}: one datagram per receive (java.nio has no batch), read
 * with one spare byte so that a datagram longer than {@code maxPacketSize} shows as truncated, and
 * multicast through {@link MembershipKey}s.
 */
final class SelectDatagram implements UdpHandle {

    private record Membership(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
    }

    private static final Logger log = LoggerFactory.getLogger(SelectDatagram.class);

    private final SelectReactor reactor;
    private final DatagramChannel channel;
    private final int maxPacketSize;
    /** maxPacketSize plus the one byte whose arrival means "longer than allowed". */
    private final ByteBuffer buffer;
    private final Map<Membership, MembershipKey> memberships = new HashMap<>();
    private ReadinessHandler port;
    private SelectRegistration registration;
    private SocketAddress sender;
    private boolean truncated;

    private SelectDatagram(SelectReactor reactor, DatagramChannel channel, int maxPacketSize) {
        this.reactor = reactor;
        this.channel = channel;
        this.maxPacketSize = maxPacketSize;
        this.buffer = ByteBuffer.allocateDirect(maxPacketSize + 1);
    }

    /** A bound, non-blocking UDP channel of {@code address}'s family. */
    static SelectDatagram open(SelectReactor reactor, InetSocketAddress address, boolean reuseAddress,
            int maxPacketSize) throws IOException {
        StandardProtocolFamily family = address.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            if (reuseAddress) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.bind(address);
            return new SelectDatagram(reactor, channel, maxPacketSize);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Registrar register(ReadinessHandler handler) {
        this.port = handler;
        this.registration = new SelectRegistration(reactor, channel, handler, SelectionKey.OP_READ, DatagramPort.READ_BUDGET);
        return registration;
    }

    @Override
    public int batchCapacity() {
        return 1;
    }

    @Override
    public int receive(int max) throws IOException {
        buffer.clear();
        sender = channel.receive(buffer);
        if (sender == null) {
            return 0;
        }
        truncated = buffer.position() > maxPacketSize;
        buffer.flip();
        return 1;
    }

    @Override
    public ByteBuffer data(int i) {
        return buffer;
    }

    @Override
    public SocketAddress sender(int i) {
        return sender;
    }

    @Override
    public boolean truncated(int i) {
        return truncated;
    }

    @Override
    public boolean send(ByteBuffer data, SocketAddress to) throws IOException {
        int length = data.remaining();
        try {
            int n = to == null ? channel.write(data) : channel.send(data, to);
            // java.nio returns 0 both for an empty datagram sent and for a full kernel; an empty
            // one is taken as sent (a full kernel is rare, and the datagram carried nothing).
            return n > 0 || length == 0;
        } catch (SocketException e) {
            // The JDK reports EMSGSIZE only through the message text.
            if (e.getMessage() != null && e.getMessage().contains("too long")) {
                throw new DatagramTooLargeException(length);
            }
            throw e;
        } catch (java.nio.channels.UnsupportedAddressTypeException e) {
            throw new IllegalArgumentException("cannot send to " + to + " from " + channel.getLocalAddress(), e);
        }
    }

    @Override
    public void connect(SocketAddress peer) throws IOException {
        channel.connect(peer);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public void close() {
        memberships.clear();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close failed", port, e);
        }
        // The port number is free only once the cancelled key has left the selector.
        reactor.releaseCancelledKeys();
    }

    @Override
    public void setBroadcast(boolean on) throws IOException {
        channel.setOption(StandardSocketOptions.SO_BROADCAST, on);
    }

    @Override
    public boolean broadcast() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_BROADCAST);
    }

    @Override
    public void join(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        NetworkInterface nif = networkInterface != null ? networkInterface : defaultInterface();
        MembershipKey membership = source == null ? channel.join(group, nif) : channel.join(group, nif, source);
        memberships.put(new Membership(group, networkInterface, source), membership);
    }

    @Override
    public void leave(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        MembershipKey membership = memberships.remove(new Membership(group, networkInterface, source));
        if (membership == null) {
            throw new IllegalArgumentException("not a member of " + group
                    + (source == null ? "" : " from " + source) + " on " + networkInterface);
        }
        membership.drop();
    }

    /**
     * The interface a join without one uses. java.nio needs an interface where the kernel would take
     * index 0 (the routing table's choice), so this picks the outgoing multicast interface when one
     * was set, else the first interface that is up and does multicast, the loopback interface last.
     */
    private NetworkInterface defaultInterface() throws IOException {
        NetworkInterface chosen = channel.getOption(StandardSocketOptions.IP_MULTICAST_IF);
        if (chosen != null) {
            return chosen;
        }
        NetworkInterface loopback = null;
        for (NetworkInterface nif : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp()) {
                continue;
            }
            if (nif.isLoopback()) {
                loopback = nif;
            } else if (nif.supportsMulticast()) {
                return nif;
            }
        }
        if (loopback == null) {
            throw new SocketException("no interface is up to join a multicast group on");
        }
        return loopback;
    }

    @Override
    public void setMulticastTtl(int ttl) throws IOException {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }

    @Override
    public int multicastTtl() throws IOException {
        return channel.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    @Override
    public void setMulticastLoop(boolean on) throws IOException {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, on);
    }

    @Override
    public boolean multicastLoop() throws IOException {
        return channel.getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    @Override
    public void setMulticastInterface(NetworkInterface networkInterface) throws IOException {
        if (networkInterface == null) {
            throw new IllegalArgumentException("java.nio cannot reset the outgoing multicast interface; name one");
        }
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
    }

    @Override
    public String toString() {
        return "SelectDatagram[" + channel + "]";
    }
}
