package io.torsion.spi;

import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;

/** A UDP port: the shared datagram logic plus broadcast and multicast, checked here and set by the handle. */
public final class UdpPort extends DatagramPort implements UdpTransport {

    private final UdpHandle handle;
    private final boolean ipv4;

    UdpPort(EventLoop loop, UdpHandle handle, int maxPacketSize) throws IOException {
        super(loop, handle, maxPacketSize);
        this.handle = handle;
        this.ipv4 = ((InetSocketAddress) getHost()).getAddress() instanceof Inet4Address;
    }

    @Override
    public void setBroadcastAllowed(boolean allowed) throws IOException {
        open();
        handle.setBroadcast(allowed);
    }

    @Override
    public boolean isBroadcastAllowed() throws IOException {
        open();
        return handle.broadcast();
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        handle.join(checkedGroup(group), networkInterface, null);
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        handle.join(checkedGroup(group), networkInterface, checkedSource(source));
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        handle.leave(checkedGroup(group), networkInterface, null);
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        handle.leave(checkedGroup(group), networkInterface, checkedSource(source));
    }

    @Override
    public void setTimeToLive(int ttl) throws IOException {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("time-to-live must be 0 to 255: " + ttl);
        }
        open();
        handle.setMulticastTtl(ttl);
    }

    @Override
    public int getTimeToLive() throws IOException {
        open();
        return handle.multicastTtl();
    }

    @Override
    public void setLoopbackMode(boolean loopback) throws IOException {
        open();
        handle.setMulticastLoop(loopback);
    }

    @Override
    public boolean getLoopbackMode() throws IOException {
        open();
        return handle.multicastLoop();
    }

    @Override
    public void setOutgoingInterface(NetworkInterface networkInterface) throws IOException {
        open();
        handle.setMulticastInterface(networkInterface);
    }

    private InetAddress checkedGroup(InetAddress group) {
        open();
        if (group == null || !group.isMulticastAddress()) {
            throw new IllegalArgumentException("not a multicast group address: " + group);
        }
        return sameFamily(group);
    }

    private InetAddress checkedSource(InetAddress source) {
        if (source == null || source.isMulticastAddress() || source.isAnyLocalAddress()) {
            throw new IllegalArgumentException("not a unicast source address: " + source);
        }
        return sameFamily(source);
    }

    private InetAddress sameFamily(InetAddress address) {
        if ((address instanceof Inet4Address) != ipv4) {
            throw new IllegalArgumentException(address + " is not of this port's family (bound to " + getHost() + ")");
        }
        return address;
    }

    private void open() {
        if (!isListening()) {
            throw new IllegalStateException("the port has stopped");
        }
    }
}
