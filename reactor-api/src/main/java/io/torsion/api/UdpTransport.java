package io.torsion.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;

/**
 * A UDP port: a {@link DatagramTransport} with the switches only IP sockets have, broadcast and
 * multicast, as Twisted's {@code IUDPTransport} and {@code IMulticastTransport}. Every method runs
 * the setsockopt at once and throws what the kernel answered.
 *
 * <p>The port's family is that of the address it was bound to ({@code listenUdp(port)} and
 * {@code listenMulticast} bind IPv4 {@code 0.0.0.0}, as Twisted does); groups and interfaces of the
 * other family are refused with {@link IllegalArgumentException}.
 */
public interface UdpTransport extends DatagramTransport {

    /** Allows or forbids sending to broadcast addresses (SO_BROADCAST). */
    void setBroadcastAllowed(boolean allowed) throws IOException;

    /** SO_BROADCAST as the kernel has it. */
    boolean isBroadcastAllowed() throws IOException;

    /**
     * Joins multicast {@code group} on {@code networkInterface} (null: the one the routing table
     * picks). Datagrams sent to the group and the port's number are delivered from now on.
     */
    void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /** Source-specific join: only datagrams to {@code group} from {@code source} are delivered. */
    void joinGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException;

    /** Leaves a group joined with {@link #joinGroup(InetAddress, NetworkInterface)}. */
    void leaveGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /** Leaves a source-specific membership. */
    void leaveGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException;

    /** The time-to-live (hop limit) of multicast datagrams sent; 1 by default (the local network). */
    void setTimeToLive(int ttl) throws IOException;

    int getTimeToLive() throws IOException;

    /** Whether multicast datagrams sent are looped back to this host's members; on by default. */
    void setLoopbackMode(boolean loopback) throws IOException;

    boolean getLoopbackMode() throws IOException;

    /** The interface multicast datagrams leave by (null: the routing table decides). */
    void setOutgoingInterface(NetworkInterface networkInterface) throws IOException;
}
