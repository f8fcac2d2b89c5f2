package io.torsion.epoll.nativeio;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * Socket addresses to and from their kernel structs, written and read in place at an offset of
 * native memory. Layouts, from {@code <netinet/in.h>} and {@code <sys/un.h>}:
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
 * struct sockaddr_un {             // 110 bytes
 *     sa_family_t sun_family;      // 0: AF_UNIX
 *     char sun_path[108];          // 2: NUL-terminated; the length passed is 2 + strlen + 1
 * };
 * </pre>
 *
 * <p>An instance adds two small caches for the datagram path, so that a steady exchange with the
 * same IPv4 peers allocates nothing: senders are decoded to the same {@link InetSocketAddress}
 * object each time (keyed by address and port), and a destination object seen before is encoded
 * without asking it for its bytes (keyed by identity). Both are bounded (256 entries, 4 probed per
 * lookup); a miss only costs an allocation. Not thread-safe.
 */
public final class SocketAddressCodec {

    /** sizeof(struct sockaddr_storage), {@code <bits/socket.h>}: room for any of the above. */
    static final int SOCKADDR_STORAGE_SIZE = 128;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SOCKADDR_UN_SIZE = 110;
    static final int SUN_PATH_OFFSET = 2;
    static final int SUN_PATH_SIZE = 108;

    private static final int CACHE_SIZE = 256; // a power of two
    /** Slots looked at from an entry's home: a small open-addressing run instead of one direct-mapped slot. */
    private static final int PROBES = 4; // a power of two
    private static final UnixDomainSocketAddress UNNAMED = UnixDomainSocketAddress.of("");

    private final long[] senderKeys = new long[CACHE_SIZE];
    private final InetSocketAddress[] senders = new InetSocketAddress[CACHE_SIZE];
    private final SocketAddress[] destinations = new SocketAddress[CACHE_SIZE];
    private final long[] destinationKeys = new long[CACHE_SIZE];
    private int victim;

    /** A codec with empty caches. */
    public SocketAddressCodec() {
    }

    // ---- with caches (datagrams) -----------------------------------------------------------------

    /** Decodes the {@code length}-byte sockaddr at {@code offset}, reusing a cached IPv4 address. */
    SocketAddress decode(Pointer p, long offset, int length) {
        int family = p.getShort(offset) & 0xFFFF;
        if (family == LinuxConstants.AF_INET) {
            long key = ipv4Key(p, offset);
            int home = slot(Long.hashCode(key * 0x9E3779B97F4A7C15L));
            for (int probe = 0; probe < PROBES; probe++) {
                int slot = (home + probe) & (CACHE_SIZE - 1);
                if (senders[slot] != null && senderKeys[slot] == key) {
                    return senders[slot];
                }
            }
            InetSocketAddress fresh = getInet(p, offset);
            int slot = (home + freeOrVictim(senders, home)) & (CACHE_SIZE - 1);
            senders[slot] = fresh;
            senderKeys[slot] = key;
            return fresh;
        }
        if (family == LinuxConstants.AF_UNIX) {
            return getUnix(p, offset, length);
        }
        return getInet(p, offset);
    }

    /** Encodes {@code address} at {@code offset}; returns its length. IPv4 destinations seen before cost no allocation. */
    int encode(SocketAddress address, Pointer p, long offset) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address) {
            int home = slot(System.identityHashCode(address));
            long key = 0;
            boolean found = false;
            for (int probe = 0; probe < PROBES && !found; probe++) {
                int slot = (home + probe) & (CACHE_SIZE - 1);
                if (destinations[slot] == address) {
                    key = destinationKeys[slot];
                    found = true;
                }
            }
            if (!found) {
                byte[] ip = inet.getAddress().getAddress();
                key = ((ip[0] & 0xFFL) << 40) | ((ip[1] & 0xFFL) << 32) | ((ip[2] & 0xFFL) << 24)
                        | ((ip[3] & 0xFFL) << 16) | inet.getPort();
                int slot = (home + freeOrVictim(destinations, home)) & (CACHE_SIZE - 1);
                destinations[slot] = address;
                destinationKeys[slot] = key;
            }
            putIpv4(p, offset, key);
            return SOCKADDR_IN_SIZE;
        }
        return put(address, p, offset);
    }

    /**
     * Where a new entry goes among the {@link #PROBES} slots from {@code home}: the first empty one,
     * else each in turn, so that a few peers whose homes collide do not evict each other every time.
     */
    private int freeOrVictim(Object[] table, int home) {
        for (int probe = 0; probe < PROBES; probe++) {
            if (table[(home + probe) & (CACHE_SIZE - 1)] == null) {
                return probe;
            }
        }
        return victim++ & (PROBES - 1);
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (CACHE_SIZE - 1);
    }

    /** Address bytes and port of a sockaddr_in as one number: ip << 16 | port. */
    private static long ipv4Key(Pointer p, long offset) {
        long ip = p.getInt(offset + 4) & 0xFFFFFFFFL; // in memory order; only used as a key
        int port = ((p.getByte(offset + 2) & 0xFF) << 8) | (p.getByte(offset + 3) & 0xFF);
        long b0 = ip & 0xFF, b1 = (ip >>> 8) & 0xFF, b2 = (ip >>> 16) & 0xFF, b3 = (ip >>> 24) & 0xFF;
        return (b0 << 40) | (b1 << 32) | (b2 << 24) | (b3 << 16) | port;
    }

    private static void putIpv4(Pointer p, long offset, long key) {
        p.setMemory(offset, SOCKADDR_IN_SIZE, (byte) 0);
        p.putShort(offset, (short) LinuxConstants.AF_INET);
        p.putByte(offset + 2, (byte) (key >>> 8));
        p.putByte(offset + 3, (byte) key);
        p.putByte(offset + 4, (byte) (key >>> 40));
        p.putByte(offset + 5, (byte) (key >>> 32));
        p.putByte(offset + 6, (byte) (key >>> 24));
        p.putByte(offset + 7, (byte) (key >>> 16));
    }

    // ---- without caches ----------------------------------------------------------------------

    /** Writes any supported address at {@code offset}; returns its length. */
    static int put(SocketAddress address, Pointer p, long offset) {
        if (address instanceof InetSocketAddress inet) {
            return putInet(inet, p, offset);
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return putUnix(unix, p, offset);
        }
        throw new IllegalArgumentException("not an IP or Unix socket address: " + address);
    }

    /** Writes {@code address} as a sockaddr_in or sockaddr_in6; returns its length (16 or 28). */
    static int putInet(InetSocketAddress address, Pointer p, long offset) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        byte[] bytes = ip.getAddress();
        int port = address.getPort();
        p.setMemory(offset, SOCKADDR_IN6_SIZE, (byte) 0);
        p.putByte(offset + 2, (byte) (port >>> 8));
        p.putByte(offset + 3, (byte) port);
        if (ip instanceof Inet4Address) {
            p.putShort(offset, (short) LinuxConstants.AF_INET);
            p.put(offset + 4, bytes, 0, 4);
            return SOCKADDR_IN_SIZE;
        }
        p.putShort(offset, (short) LinuxConstants.AF_INET6);
        p.put(offset + 8, bytes, 0, 16);
        p.putInt(offset + 24, ((Inet6Address) ip).getScopeId());
        return SOCKADDR_IN6_SIZE;
    }

    /**
     * Writes {@code address} as a sockaddr_un; returns 2 + the path's length + 1 (its NUL). A path
     * written {@code @name} is a Linux abstract name: a NUL, then the name, no NUL after it, and the
     * length (2 + 1 + the name's) is what ends it.
     */
    static int putUnix(UnixDomainSocketAddress address, Pointer p, long offset) {
        byte[] path = address.getPath().toString().getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length >= SUN_PATH_SIZE) {
            throw new IllegalArgumentException("a Unix socket path must be 1 to " + (SUN_PATH_SIZE - 1)
                    + " bytes: " + address.getPath());
        }
        p.setMemory(offset, SOCKADDR_UN_SIZE, (byte) 0);
        p.putShort(offset, (short) LinuxConstants.AF_UNIX);
        if (path[0] == '@') {
            p.put(offset + SUN_PATH_OFFSET + 1, path, 1, path.length - 1); // sun_path[0] stays NUL
            return SUN_PATH_OFFSET + path.length;
        }
        p.put(offset + SUN_PATH_OFFSET, path, 0, path.length);
        return SUN_PATH_OFFSET + path.length + 1;
    }

    /** Parses the sockaddr_in or sockaddr_in6 at {@code offset}. */
    static InetSocketAddress getInet(Pointer p, long offset) {
        int family = p.getShort(offset) & 0xFFFF;
        int port = ((p.getByte(offset + 2) & 0xFF) << 8) | (p.getByte(offset + 3) & 0xFF);
        try {
            if (family == LinuxConstants.AF_INET) {
                byte[] bytes = new byte[4];
                p.get(offset + 4, bytes, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
            }
            if (family == LinuxConstants.AF_INET6) {
                byte[] bytes = new byte[16];
                p.get(offset + 8, bytes, 0, 16);
                int scope = p.getInt(offset + 24);
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

    /**
     * Parses the sockaddr_un of {@code length} bytes at {@code offset}. An unbound socket (length 2)
     * comes back as the empty path, an abstract name (a leading NUL) as {@code @name}.
     */
    static UnixDomainSocketAddress getUnix(Pointer p, long offset, int length) {
        int max = Math.min(length - SUN_PATH_OFFSET, SUN_PATH_SIZE);
        if (max <= 0) {
            return UNNAMED;
        }
        if (p.getByte(offset + SUN_PATH_OFFSET) == 0) {
            byte[] name = new byte[max - 1];
            p.get(offset + SUN_PATH_OFFSET + 1, name, 0, name.length);
            return UnixDomainSocketAddress.of("@" + new String(name, StandardCharsets.UTF_8));
        }
        byte[] bytes = new byte[max];
        p.get(offset + SUN_PATH_OFFSET, bytes, 0, max);
        int end = 0;
        while (end < max && bytes[end] != 0) {
            end++;
        }
        return UnixDomainSocketAddress.of(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }
}
