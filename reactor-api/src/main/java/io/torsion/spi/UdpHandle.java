package io.torsion.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;

/** A backend's UDP socket: a {@link DatagramHandle} with the IP-level switches, each one setsockopt. */
public interface UdpHandle extends DatagramHandle {

    void setBroadcast(boolean on) throws IOException;

    boolean broadcast() throws IOException;

    /** Joins {@code group} on {@code networkInterface} (null: any), only from {@code source} when not null. */
    void join(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException;

    /** Drops a membership made by {@link #join} with the same arguments. */
    void leave(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException;

    void setMulticastTtl(int ttl) throws IOException;

    int multicastTtl() throws IOException;

    void setMulticastLoop(boolean on) throws IOException;

    boolean multicastLoop() throws IOException;

    /** The interface multicast leaves by; null resets to the routing table's choice. */
    void setMulticastInterface(NetworkInterface networkInterface) throws IOException;
}
