package io.torsion.epoll.nativeio;

import io.torsion.spi.DatagramTooLargeException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * A non-blocking, close-on-exec datagram socket (AF_INET, AF_INET6 or AF_UNIX, SOCK_DGRAM): the one
 * place where datagram errno becomes a result.
 *
 * <p>A full kernel (EAGAIN, and ENOBUFS from a full device queue) is a value: 0 from
 * {@link #receive} and {@link #send(MessageVector, int)}, false from
 * {@link #send(ByteBuffer, SocketAddress, SocketAddressCodec, MessageVector)}.
 * EINTR is retried. ECONNREFUSED (an ICMP port unreachable, on a connected socket) throws
 * {@link PortUnreachableException}; EMSGSIZE throws {@link DatagramTooLargeException}; anything else
 * a {@link NativeIoException} naming the call. Reactor thread only.
 */
public final class DatagramSocket extends Fd {

    private static final int INTERRUPTED = -2;

    private final boolean ipv4;

    private DatagramSocket(Native nat, int fd, boolean ipv4) {
        super(nat, fd);
        this.ipv4 = ipv4;
    }

    /** A UDP socket bound to {@code address}, with SO_REUSEADDR first when {@code reuseAddress}. */
    public static DatagramSocket bindUdp(InetSocketAddress address, boolean reuseAddress, SocketCallBuffer buffer)
            throws IOException {
        boolean v4 = address.getAddress() instanceof Inet4Address;
        DatagramSocket socket = open(v4 ? LinuxConstants.AF_INET : LinuxConstants.AF_INET6, v4);
        try {
            if (reuseAddress) {
                socket.setIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_REUSEADDR, 1, buffer);
            }
            // Only the groups this socket joined, as java.nio and every other OS do.
            socket.setIntOption(socket.ipLevel(), v4 ? LinuxConstants.IP_MULTICAST_ALL : LinuxConstants.IPV6_MULTICAST_ALL,
                    0, buffer);
            socket.bind(address, buffer);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A Unix datagram socket bound to {@code path} (which must not exist). */
    public static DatagramSocket bindUnix(UnixDomainSocketAddress path, SocketCallBuffer buffer) throws IOException {
        DatagramSocket socket = open(LinuxConstants.AF_UNIX, false);
        try {
            socket.bind(path, buffer);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static DatagramSocket open(int family, boolean ipv4) throws IOException {
        Native nat = Native.get();
        int fd = nat.libc().socket(family,
                LinuxConstants.SOCK_DGRAM | LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("socket(SOCK_DGRAM)", nat.errno());
        }
        return new DatagramSocket(nat, fd, ipv4);
    }

    private void bind(SocketAddress address, SocketCallBuffer buffer) throws IOException {
        int length = buffer.putAddress(address);
        if (libc.bind(intValue(), buffer.addressPointer(), length) != 0) {
            throw failure("bind " + address, nat.errno());
        }
    }

    /** Connects to {@code peer}: only its datagrams are received from now on. */
    public void connect(SocketAddress peer, SocketCallBuffer buffer) throws IOException {
        int length = buffer.putAddress(peer);
        if (libc.connect(intValue(), buffer.addressPointer(), length) != 0) {
            throw failure("connect " + peer, nat.errno());
        }
    }

    /** The bound address (getsockname). */
    public SocketAddress localAddress(SocketCallBuffer buffer) throws IOException {
        if (libc.getsockname(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity()) != 0) {
            throw failure("getsockname", nat.errno());
        }
        return buffer.getAddress(buffer.returnedLength());
    }

    // ---- datagrams ---------------------------------------------------------------------------

    /** Receives up to {@code count} datagrams into {@code vector} with one recvmmsg; 0 when none wait. */
    public int receive(MessageVector vector, int count) throws IOException {
        vector.prepareReceive(count);
        while (true) {
            int n = libc.recvmmsg(intValue(), vector.address(), count, 0, 0);
            if (n >= 0) {
                return n;
            }
            int result = wouldBlockOrThrow("recvmmsg", nat.errno(), -1);
            if (result != INTERRUPTED) {
                return 0;
            }
        }
    }

    /**
     * Sends {@code data}'s remaining bytes as one datagram to {@code to} (null: the connected peer),
     * advancing its position: a sendmsg with slot 0 of {@code vector} (a heap buffer is copied into
     * its staging). False when the kernel's buffer is full.
     */
    public boolean send(ByteBuffer data, SocketAddress to, SocketAddressCodec codec, MessageVector vector)
            throws IOException {
        int length = data.remaining();
        if (vector.put(0, data, to, 0, codec) < 0) {
            throw new DatagramTooLargeException(length);
        }
        while (true) {
            long n = libc.sendmsg(intValue(), vector.address(), LinuxConstants.MSG_NOSIGNAL);
            if (n >= 0) {
                data.position(data.limit());
                return true;
            }
            int result = wouldBlockOrThrow("sendmsg to " + (to == null ? "the connected peer" : to), nat.errno(), length);
            if (result != INTERRUPTED) {
                return false;
            }
        }
    }

    /** Sends the first {@code count} datagrams put into {@code vector} with one sendmmsg; returns how many went. */
    public int send(MessageVector vector, int count) throws IOException {
        return send(vector, 0, count);
    }

    /** Sends slots {@code from} to {@code count - 1} of {@code vector} with one sendmmsg; returns how many went. */
    public int send(MessageVector vector, int from, int count) throws IOException {
        while (true) {
            int n = libc.sendmmsg(intValue(), vector.address(from), count - from, LinuxConstants.MSG_NOSIGNAL);
            if (n >= 0) {
                return n;
            }
            int result = wouldBlockOrThrow("sendmmsg", nat.errno(), vector.length(from));
            if (result != INTERRUPTED) {
                return 0;
            }
        }
    }

    /** EAGAIN and ENOBUFS: 0; EINTR: INTERRUPTED; the rest thrown as the port understands them. */
    private static int wouldBlockOrThrow(String call, int errno, int length) throws IOException {
        switch (errno) {
            case Errno.EAGAIN:
            case Errno.ENOBUFS:
                return 0;
            case Errno.EINTR:
                return INTERRUPTED;
            default:
                throw datagramFailure(call, errno, length);
        }
    }

    private static IOException datagramFailure(String call, int errno, int length) {
        if (errno == Errno.ECONNREFUSED) {
            return new PortUnreachableException(call + ": " + Errno.describe(errno));
        }
        if (errno == Errno.EMSGSIZE) {
            return new DatagramTooLargeException(length);
        }
        return failure(call, errno);
    }

    /** The error pending on the socket (SO_ERROR, cleared by reading it), or null. */
    public IOException takePendingError(SocketCallBuffer buffer) throws IOException {
        int error = getIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR, buffer);
        return error == 0 ? null : datagramFailure("SO_ERROR", error, 0);
    }

    // ---- options -----------------------------------------------------------------------------

    public void setBroadcast(boolean on, SocketCallBuffer buffer) throws IOException {
        setIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_BROADCAST, on ? 1 : 0, buffer);
    }

    public boolean broadcast(SocketCallBuffer buffer) throws IOException {
        return getIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_BROADCAST, buffer) != 0;
    }

    public void setMulticastTtl(int ttl, SocketCallBuffer buffer) throws IOException {
        setIntOption(ipLevel(), ipv4 ? LinuxConstants.IP_MULTICAST_TTL : LinuxConstants.IPV6_MULTICAST_HOPS, ttl, buffer);
    }

    public int multicastTtl(SocketCallBuffer buffer) throws IOException {
        return getIntOption(ipLevel(), ipv4 ? LinuxConstants.IP_MULTICAST_TTL : LinuxConstants.IPV6_MULTICAST_HOPS, buffer);
    }

    public void setMulticastLoop(boolean on, SocketCallBuffer buffer) throws IOException {
        setIntOption(ipLevel(), ipv4 ? LinuxConstants.IP_MULTICAST_LOOP : LinuxConstants.IPV6_MULTICAST_LOOP,
                on ? 1 : 0, buffer);
    }

    public boolean multicastLoop(SocketCallBuffer buffer) throws IOException {
        return getIntOption(ipLevel(), ipv4 ? LinuxConstants.IP_MULTICAST_LOOP : LinuxConstants.IPV6_MULTICAST_LOOP,
                buffer) != 0;
    }

    /** IP_MULTICAST_IF with a struct ip_mreqn naming the interface by index, or IPV6_MULTICAST_IF; null: 0, any. */
    public void setMulticastInterface(NetworkInterface networkInterface, SocketCallBuffer buffer) throws IOException {
        int index = networkInterface == null ? 0 : networkInterface.getIndex();
        if (ipv4) {
            Pointer mreqn = buffer.optionStruct();
            mreqn.putInt(MulticastStructs.IMR_IFINDEX, index);
            setStruct(LinuxConstants.IPPROTO_IP, LinuxConstants.IP_MULTICAST_IF, MulticastStructs.IP_MREQN_SIZE, buffer);
        } else {
            setIntOption(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_MULTICAST_IF, index, buffer);
        }
    }

    /**
     * Joins (or with {@code join} false leaves) {@code group} on {@code networkInterface} (null: the
     * routing table's choice, index 0): IP_ADD_MEMBERSHIP with a struct ip_mreqn, IPV6_JOIN_GROUP with
     * a struct ipv6_mreq, or for a source-specific membership MCAST_JOIN_SOURCE_GROUP with a struct
     * group_source_req.
     */
    public void membership(boolean join, InetAddress group, NetworkInterface networkInterface, InetAddress source,
            SocketCallBuffer buffer) throws IOException {
        int index = networkInterface == null ? 0 : networkInterface.getIndex();
        Pointer p = buffer.optionStruct();
        if (source != null) {
            p.putInt(MulticastStructs.GSR_INTERFACE, index);
            SocketAddressCodec.putInet(new InetSocketAddress(group, 0), p, MulticastStructs.GSR_GROUP);
            SocketAddressCodec.putInet(new InetSocketAddress(source, 0), p, MulticastStructs.GSR_SOURCE);
            setStruct(ipLevel(), join ? LinuxConstants.MCAST_JOIN_SOURCE_GROUP : LinuxConstants.MCAST_LEAVE_SOURCE_GROUP,
                    MulticastStructs.GROUP_SOURCE_REQ_SIZE, buffer);
        } else if (ipv4) {
            p.put(MulticastStructs.IMR_MULTIADDR, group.getAddress(), 0, 4);
            p.putInt(MulticastStructs.IMR_IFINDEX, index);
            setStruct(LinuxConstants.IPPROTO_IP, join ? LinuxConstants.IP_ADD_MEMBERSHIP : LinuxConstants.IP_DROP_MEMBERSHIP,
                    MulticastStructs.IP_MREQN_SIZE, buffer);
        } else {
            p.put(MulticastStructs.IPV6MR_MULTIADDR, group.getAddress(), 0, 16);
            p.putInt(MulticastStructs.IPV6MR_INTERFACE, index);
            setStruct(LinuxConstants.IPPROTO_IPV6, join ? LinuxConstants.IPV6_JOIN_GROUP : LinuxConstants.IPV6_LEAVE_GROUP,
                    MulticastStructs.IPV6_MREQ_SIZE, buffer);
        }
    }

    private void setStruct(int level, int name, int length, SocketCallBuffer buffer) throws IOException {
        if (libc.setsockopt(intValue(), level, name, buffer.optionStructPointer(), length) != 0) {
            throw failure("setsockopt(" + level + ", " + name + ")", nat.errno());
        }
    }

    private int ipLevel() {
        return ipv4 ? LinuxConstants.IPPROTO_IP : LinuxConstants.IPPROTO_IPV6;
    }
}
