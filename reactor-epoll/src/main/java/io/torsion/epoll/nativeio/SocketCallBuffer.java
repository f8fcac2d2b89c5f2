package io.torsion.epoll.nativeio;

import io.torsion.api.PeerCredentials;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import jnr.ffi.Pointer;

/**
 * The native memory through which socket calls pass their small arguments: a socket address, its
 * length, and an int option value. One per reactor thread, allocated once, so accept, connect and
 * setsockopt allocate no native memory per call.
 *
 * <p>Addresses are built and parsed by hand, from {@code <netinet/in.h>}:
 *
 * <pre>
 * struct sockaddr_in  {            // 16 bytes
 *     sa_family_t sin_family;      // 0: AF_INET, host byte order
 *     in_port_t   sin_port;        // 2: network byte order (big-endian)
 *     struct in_addr sin_addr;     // 4: 4 bytes, network order
 *     unsigned char sin_zero[8];   // 8: zero
 * };
 * struct sockaddr_in6 {            // 28 bytes
 *     sa_family_t sin6_family;     // 0: AF_INET6
 *     in_port_t   sin6_port;       // 2: network byte order
 *     uint32_t    sin6_flowinfo;   // 4: zero
 *     struct in6_addr sin6_addr;   // 8: 16 bytes, network order
 *     uint32_t    sin6_scope_id;   // 24: interface index for link-local addresses
 * };
 *
 * struct sockaddr_un {            // 110 bytes, <sys/un.h>
 *     sa_family_t sun_family;      // 0: AF_UNIX
 *     char        sun_path[108];   // 2: a path and its NUL, or NUL and an abstract name (no NUL)
 * };                               // the length passed says where an abstract name ends
 * struct ucred {                   // 12 bytes, <bits/socket.h>, what SO_PEERCRED fills
 *     pid_t pid;                   // 0
 *     uid_t uid;                   // 4
 *     gid_t gid;                   // 8
 * };
 * </pre>
 *
 * The storage is sized as {@code struct sockaddr_storage} (128 bytes) so that whatever the kernel
 * writes for accept or getpeername fits (a ucred too). Not thread-safe.
 */
public final class SocketCallBuffer {

    /** sizeof(struct sockaddr_storage), {@code <bits/socket.h>}. */
    static final int SOCKADDR_STORAGE_SIZE = 128;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SOCKADDR_UN_SIZE = 110;
    static final int UCRED_SIZE = 12;

    private static final int LENGTH_OFFSET = SOCKADDR_STORAGE_SIZE; // socklen_t, 4 bytes
    private static final int INT_VALUE_OFFSET = LENGTH_OFFSET + 4; // an int socket option
    private static final int INT_LENGTH_OFFSET = INT_VALUE_OFFSET + 4; // its socklen_t
    private static final int TOTAL = INT_LENGTH_OFFSET + 4;

    private final NativeMemory memory = NativeMemory.allocate(TOTAL);
    private final Pointer pointer = memory.pointer();

    /** Writes {@code address} as a sockaddr_in or sockaddr_in6; returns its length (16 or 28). */
    int putAddress(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        byte[] bytes = ip.getAddress();
        int port = address.getPort();
        pointer.setMemory(0, SOCKADDR_STORAGE_SIZE, (byte) 0);
        if (ip instanceof Inet4Address) {
            pointer.putShort(0, (short) LinuxConstants.AF_INET);
            putPort(port);
            pointer.put(4, bytes, 0, 4);
            return SOCKADDR_IN_SIZE;
        }
        pointer.putShort(0, (short) LinuxConstants.AF_INET6);
        putPort(port);
        pointer.put(8, bytes, 0, 16);
        pointer.putInt(24, ((Inet6Address) ip).getScopeId());
        return SOCKADDR_IN6_SIZE;
    }

    /**
     * Writes a sockaddr_un for {@code bytes} (UTF-8; a leading {@code @} marks an abstract name)
     * and returns its length: 2 + the path + its NUL, or 2 + NUL + the name.
     */
    int putUnix(byte[] bytes, boolean abstractName) {
        pointer.setMemory(0, SOCKADDR_STORAGE_SIZE, (byte) 0);
        pointer.putShort(0, (short) LinuxConstants.AF_UNIX);
        if (abstractName) {
            pointer.put(3, bytes, 1, bytes.length - 1); // sun_path[0] stays NUL
            return 2 + bytes.length;
        }
        pointer.put(2, bytes, 0, bytes.length);
        return 2 + bytes.length + 1;
    }

    /** Parses the sockaddr the kernel wrote, of any family this backend speaks. */
    SocketAddress getAnyAddress() {
        int family = pointer.getShort(0) & 0xFFFF;
        if (family != LinuxConstants.AF_UNIX) {
            return getAddress();
        }
        int pathLength = Math.max(0, Math.min(pointer.getInt(LENGTH_OFFSET), SOCKADDR_UN_SIZE) - 2);
        if (pathLength == 0) {
            return UnixDomainSocketAddress.of(""); // an unnamed socket: a client that did not bind
        }
        byte[] path = new byte[pathLength];
        pointer.get(2, path, 0, pathLength);
        if (path[0] == 0) {
            return UnixDomainSocketAddress.of("@" + new String(path, 1, pathLength - 1, StandardCharsets.UTF_8));
        }
        int end = 0;
        while (end < pathLength && path[end] != 0) {
            end++;
        }
        return UnixDomainSocketAddress.of(new String(path, 0, end, StandardCharsets.UTF_8));
    }

    /** Parses the ucred SO_PEERCRED wrote at the start of the storage. */
    PeerCredentials getCredentials() {
        return new PeerCredentials(pointer.getInt(4), pointer.getInt(8), OptionalLong.of(pointer.getInt(0)));
    }

    /** Parses the sockaddr the kernel wrote (after accept, getsockname, getpeername). */
    InetSocketAddress getAddress() {
        int family = pointer.getShort(0) & 0xFFFF;
        int port = ((pointer.getByte(2) & 0xFF) << 8) | (pointer.getByte(3) & 0xFF);
        try {
            if (family == LinuxConstants.AF_INET) {
                byte[] bytes = new byte[4];
                pointer.get(4, bytes, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
            }
            if (family == LinuxConstants.AF_INET6) {
                byte[] bytes = new byte[16];
                pointer.get(8, bytes, 0, 16);
                int scope = pointer.getInt(24);
                // getByAddress turns an IPv4-mapped address (::ffff:a.b.c.d) into an Inet4Address.
                InetAddress ip = scope != 0 && !isV4Mapped(bytes)
                        ? Inet6Address.getByAddress(null, bytes, scope)
                        : InetAddress.getByAddress(bytes);
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("address of legal length rejected", impossible);
        }
        throw new IllegalStateException("unexpected address family " + family);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    private void putPort(int port) {
        pointer.putByte(2, (byte) (port >>> 8));
        pointer.putByte(3, (byte) port);
    }

    /** Address of the sockaddr storage. */
    long addressPointer() {
        return memory.address();
    }

    /** Sets the value-result socklen_t to {@code capacity} and returns its address. */
    long lengthPointerFor(int capacity) {
        pointer.putInt(LENGTH_OFFSET, capacity);
        return memory.address() + LENGTH_OFFSET;
    }

    /** Sets the value-result socklen_t to the storage capacity and returns its address. */
    long lengthPointerForCapacity() {
        pointer.putInt(LENGTH_OFFSET, SOCKADDR_STORAGE_SIZE);
        return memory.address() + LENGTH_OFFSET;
    }

    /** Stores {@code value} as the int option argument and returns its address. */
    long intValuePointer(int value) {
        pointer.putInt(INT_VALUE_OFFSET, value);
        return memory.address() + INT_VALUE_OFFSET;
    }

    /** The address of the int option argument, its length set to 4, for getsockopt. */
    long intLengthPointer() {
        pointer.putInt(INT_LENGTH_OFFSET, 4);
        return memory.address() + INT_LENGTH_OFFSET;
    }

    /** The int a getsockopt wrote. */
    int intValue() {
        return pointer.getInt(INT_VALUE_OFFSET);
    }

    /** Frees the native memory. Idempotent. */
    public void free() {
        memory.free();
    }

    /** A new buffer; the caller owns it and frees it. */
    public static SocketCallBuffer allocate() {
        return new SocketCallBuffer();
    }

    private SocketCallBuffer() {
    }
}
