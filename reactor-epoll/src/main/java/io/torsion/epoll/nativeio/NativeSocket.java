package io.torsion.epoll.nativeio;

import com.kenai.jffi.MemoryIO;
import io.torsion.api.ConnectTimedOut;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.PeerCredentials;
import io.torsion.spi.UnixSocketFile;
import io.torsion.spi.TooManyOpenFiles;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;

/**
 * A non-blocking, close-on-exec TCP socket: the one place where socket errno becomes a result.
 *
 * <p>Results that are states of the kernel, not failures, come back as values: {@link #WOULD_BLOCK}
 * from {@link #read} and {@link #send}, 0 for end of stream, false from {@link #connect} for
 * "in progress", null from {@link #accept} for "nothing to accept". EINTR is retried. A peer that
 * is gone (ECONNRESET, EPIPE) throws {@link PeerResetException}; a refused connection throws
 * {@link ConnectionRefused}; running out of descriptors on accept throws the preallocated
 * {@link TooManyOpenFiles#INSTANCE}; anything else is a {@link NativeIoException} naming the call.
 *
 * <p>Used on the reactor thread only; the {@link SocketCallBuffer} passed in is that thread's.
 */
public final class NativeSocket extends Fd {

    /** {@link #read} or {@link #send} found nothing to read or no room to write (EAGAIN). */
    public static final int WOULD_BLOCK = (int) AGAIN;


    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final InetAddress IPV6_ANY = ipv6Any();

    private static InetAddress ipv6Any() {
        try {
            return InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private NativeSocket(Native nat, int fd) {
        super(nat, fd);
    }

    /** A new TCP socket for {@code address}'s family (IPv6 for an Inet6Address, else IPv4). */
    public static NativeSocket open(InetSocketAddress address) throws IOException {
        Native nat = Native.get();
        int family = address.getAddress() instanceof Inet6Address ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET;
        int fd = nat.libc().socket(family,
                LinuxConstants.SOCK_STREAM | LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("socket", nat.errno());
        }
        return new NativeSocket(nat, fd);
    }

    /** A new Unix domain stream socket. */
    public static NativeSocket openUnix() throws IOException {
        Native nat = Native.get();
        int fd = nat.libc().socket(LinuxConstants.AF_UNIX,
                LinuxConstants.SOCK_STREAM | LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("socket(AF_UNIX)", nat.errno());
        }
        return new NativeSocket(nat, fd);
    }

    /**
     * Binds a Unix domain socket to {@code path} ({@code bytes} its UTF-8, checked for length by the
     * caller; a leading {@code @} is an abstract name). Does not listen yet, so the file's mode can
     * be set before any client can connect.
     */
    public void bindUnix(String path, byte[] bytes, SocketCallBuffer buffer) throws IOException {
        int length = buffer.putAddress(UnixDomainSocketAddress.of(path));
        if (libc.bind(intValue(), buffer.addressPointer(), length) != 0) {
            throw bindFailure(path, nat.errno());
        }
    }

    /** listen(2) with {@code backlog}. */
    public void listen(int backlog) throws IOException {
        if (libc.listen(intValue(), backlog) != 0) {
            throw failure("listen", nat.errno());
        }
    }

    /**
     * Connects a Unix domain socket to {@code path}. A Unix connect does not go on in the
     * background: it completes at once (true) or fails, in the words {@link UnixSocketFile} gives
     * every backend (refused, no such file, permission denied, a full backlog).
     */
    public boolean connectUnix(String path, byte[] bytes, SocketCallBuffer buffer) throws IOException {
        int length = buffer.putAddress(UnixDomainSocketAddress.of(path));
        if (libc.connect(intValue(), buffer.addressPointer(), length) == 0) {
            return true;
        }
        int errno = nat.errno();
        if (errno == Errno.EINPROGRESS || errno == Errno.EINTR) {
            return false;
        }
        throw UnixSocketFile.connectFailure(path, Errno.name(errno), failure("connect " + path, errno));
    }

    /** The other end of a Unix domain socket: SO_PEERCRED, the pid, uid and gid it had at connect time. */
    public PeerCredentials peerCredentials(SocketCallBuffer buffer) throws IOException {
        if (libc.getsockopt(intValue(), LinuxConstants.SOL_SOCKET, LinuxConstants.SO_PEERCRED, buffer.addressPointer(),
                buffer.lengthPointerFor(SocketCallBuffer.UCRED_SIZE)) != 0) {
            throw failure("getsockopt(SO_PEERCRED)", nat.errno());
        }
        return buffer.getCredentials();
    }

    /** The local address of any family (getsockname). */
    public SocketAddress localSocketAddress(SocketCallBuffer buffer) throws IOException {
        if (libc.getsockname(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity()) != 0) {
            throw failure("getsockname", nat.errno());
        }
        return buffer.getAddress(buffer.returnedLength());
    }

    /** The remote address of any family (getpeername). */
    public SocketAddress peerSocketAddress(SocketCallBuffer buffer) throws IOException {
        if (libc.getpeername(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity()) != 0) {
            throw failure("getpeername", nat.errno());
        }
        return buffer.getAddress(buffer.returnedLength());
    }

    /** The peer address of any family that the last {@link #accept} wrote into {@code buffer}. */
    public static SocketAddress peerSocketAddressFromAccept(SocketCallBuffer buffer) {
        return buffer.getAddress(buffer.returnedLength());
    }

    /**
     * A connected pair of Unix domain stream sockets (socketpair(2)), non-blocking and close-on-exec,
     * for a reactor's {@code socketPair}.
     */
    public static NativeSocket[] pair() throws IOException {
        Native nat = Native.get();
        NativeMemory fds = NativeMemory.allocate(8); // int[2]
        try {
            if (nat.libc().socketpair(LinuxConstants.AF_UNIX,
                    LinuxConstants.SOCK_STREAM | LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC, 0,
                    fds.address()) != 0) {
                throw failure("socketpair", nat.errno());
            }
            return new NativeSocket[] {
                new NativeSocket(nat, fds.pointer().getInt(0)), new NativeSocket(nat, fds.pointer().getInt(4))
            };
        } finally {
            fds.free();
        }
    }

    /**
     * A socket listening on {@code address}. The IPv4 wildcard (what {@code new InetSocketAddress(port)}
     * gives) becomes the dual-stack IPv6 wildcard where the kernel has IPv6, as java.nio does, so
     * "every interface" takes IPv6 clients too.
     */
    public static NativeSocket listen(InetSocketAddress address, int backlog, SocketCallBuffer buffer)
            throws IOException {
        return listen(address, backlog, false, buffer);
    }

    /**
     * As {@link #listen(InetSocketAddress, int, SocketCallBuffer)}; with {@code reusePort} the socket
     * is bound with SO_REUSEPORT, so sockets of this user bound the same way share the address and
     * the kernel spreads new connections over them by a hash of the connection's addresses.
     */
    public static NativeSocket listen(InetSocketAddress address, int backlog, boolean reusePort,
            SocketCallBuffer buffer) throws IOException {
        if (address.getAddress() instanceof Inet4Address && address.getAddress().isAnyLocalAddress()) {
            InetSocketAddress dualStack = new InetSocketAddress(IPV6_ANY, address.getPort());
            NativeSocket socket;
            try {
                socket = open(dualStack);
            } catch (NativeIoException noIpv6) {
                if (noIpv6.errno() != Errno.EAFNOSUPPORT) {
                    throw noIpv6;
                }
                socket = null;
            }
            if (socket != null) {
                try {
                    socket.setIntOption(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_V6ONLY, 0, buffer);
                    socket.bindAndListen(dualStack, backlog, reusePort, buffer);
                    return socket;
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e;
                }
            }
        }
        NativeSocket socket = open(address);
        try {
            socket.bindAndListen(address, backlog, reusePort, buffer);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Binds to {@code address} with SO_REUSEADDR and listens with {@code backlog}. */
    public void bindAndListen(InetSocketAddress address, int backlog, SocketCallBuffer buffer) throws IOException {
        bindAndListen(address, backlog, false, buffer);
    }

    /** As {@link #bindAndListen(InetSocketAddress, int, SocketCallBuffer)}, with SO_REUSEPORT when asked. */
    public void bindAndListen(InetSocketAddress address, int backlog, boolean reusePort, SocketCallBuffer buffer)
            throws IOException {
        setIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_REUSEADDR, 1, buffer);
        if (reusePort) {
            setIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_REUSEPORT, 1, buffer);
        }
        int length = buffer.putAddress(address);
        if (libc.bind(intValue(), buffer.addressPointer(), length) != 0) {
            throw bindFailure(address, nat.errno());
        }
        if (libc.listen(intValue(), backlog) != 0) {
            throw failure("listen", nat.errno());
        }
    }

    /**
     * Accepts one pending connection, non-blocking and close-on-exec. Returns null when there is
     * none (EAGAIN). Errors that belong to the pending connection, not to the listener (ECONNABORTED,
     * EPROTO and the network errors accept(2) says to treat like EAGAIN), skip it and try the next.
     * The peer's address is in {@code buffer} afterwards ({@link #peerAddressFromAccept}).
     *
     * @throws TooManyOpenFiles EMFILE, ENFILE, ENOBUFS or ENOMEM (the shared instance): the
     *     connection stays in the backlog; try again later
     */
    public NativeSocket accept(SocketCallBuffer buffer) throws IOException {
        while (true) {
            int fd = libc.accept4(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity(),
                    LinuxConstants.SOCK_NONBLOCK | LinuxConstants.SOCK_CLOEXEC);
            if (fd >= 0) {
                return new NativeSocket(nat, fd);
            }
            int errno = nat.errno();
            switch (errno) {
                case Errno.EAGAIN:
                    return null;
                case Errno.EMFILE:
                case Errno.ENFILE:
                case Errno.ENOBUFS:
                case Errno.ENOMEM:
                    throw TooManyOpenFiles.INSTANCE;
                case Errno.EINTR:
                case Errno.ECONNABORTED:
                case Errno.EPROTO:
                case Errno.ENETDOWN:
                case Errno.ENOPROTOOPT:
                case Errno.EHOSTDOWN:
                case Errno.ENONET:
                case Errno.EHOSTUNREACH:
                case Errno.EOPNOTSUPP:
                case Errno.ENETUNREACH:
                    continue;
                default:
                    throw failure("accept4", errno);
            }
        }
    }

    /** The peer address the last {@link #accept} wrote into {@code buffer}. */
    public static InetSocketAddress peerAddressFromAccept(SocketCallBuffer buffer) {
        return buffer.getAddress();
    }

    /**
     * Starts connecting to {@code address}. Returns true when connected at once, false when the
     * connection is in progress (EINPROGRESS, or EINTR, after which it also goes on in the
     * background): then wait for EPOLLOUT (or EPOLLERR) and call {@link #finishConnect}.
     */
    public boolean connect(InetSocketAddress address, SocketCallBuffer buffer) throws IOException {
        int length = buffer.putAddress(address);
        if (libc.connect(intValue(), buffer.addressPointer(), length) == 0) {
            return true;
        }
        int errno = nat.errno();
        if (errno == Errno.EINPROGRESS || errno == Errno.EINTR) {
            return false;
        }
        throw connectFailure(address, errno);
    }

    /**
     * Completes a connect after epoll reported the socket writable or in error. Reads SO_ERROR and
     * throws what it holds ({@link ConnectionRefused}, {@link ConnectTimedOut}, ...); otherwise
     * returns true when connected, false when the connect is still under way.
     */
    public boolean finishConnect(SocketAddress address, SocketCallBuffer buffer) throws IOException {
        int error = getIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR, buffer);
        if (error != 0) {
            throw connectFailure(address, error);
        }
        if (libc.getpeername(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity()) == 0) {
            return true;
        }
        int errno = nat.errno();
        if (errno == Errno.ENOTCONN) {
            return false;
        }
        throw failure("getpeername", errno);
    }

    /**
     * Takes the error pending on the socket (SO_ERROR, which reading clears) after epoll reported
     * EPOLLERR: the exception it stands for, or null when none is pending.
     */
    public IOException takePendingError(SocketCallBuffer buffer) throws IOException {
        int error = getIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ERROR, buffer);
        return error == 0 ? null : failure("SO_ERROR", error);
    }

    /** Address in use is a {@link BindException} in the words every backend uses. */
    static IOException bindFailure(Object address, int errno) {
        if (errno == Errno.EADDRINUSE) {
            BindException inUse = new BindException("address already in use: " + address);
            inUse.initCause(failure("bind", errno));
            return inUse;
        }
        return failure("bind " + address, errno);
    }

    private static IOException connectFailure(SocketAddress address, int errno) {
        return switch (errno) {
            case Errno.ECONNREFUSED -> new ConnectionRefused("connection refused by " + address);
            case Errno.ETIMEDOUT -> new ConnectTimedOut("connect to " + address + " timed out in the kernel");
            default -> failure("connect " + address, errno);
        };
    }

    /**
     * Reads up to {@code length} bytes into native memory at {@code address}. Returns the count, 0 at
     * end of stream, or {@link #WOULD_BLOCK}.
     */
    public int read(long address, int length) throws IOException {
        long n;
        do {
            n = transferred(libc.read(intValue(), address, length), "read");
        } while (n == INTERRUPTED);
        return (int) n;
    }

    /**
     * Reads into direct buffer {@code dst} from its position, advancing it. Returns the count, 0 at
     * end of stream, or {@link #WOULD_BLOCK}.
     */
    public int read(ByteBuffer dst) throws IOException {
        return readInto(dst, IO.getDirectBufferAddress(dst));
    }

    /**
     * Reads into direct buffer {@code dst} like {@link #read(ByteBuffer)}, with its address from
     * {@code addresses} (which remembers the last one: the reactor reads into the same buffer every time).
     */
    public int read(ByteBuffer dst, IoVector addresses) throws IOException {
        return readInto(dst, addresses.addressOf(dst));
    }

    private int readInto(ByteBuffer dst, long base) throws IOException {
        int position = dst.position();
        int n = read(base + position, dst.remaining());
        if (n > 0) {
            dst.position(position + n);
        }
        return n;
    }

    /**
     * Sends {@code src}'s remaining bytes, advancing its position by what the kernel took; a heap
     * buffer goes through {@code staging}. Returns the count or {@link #WOULD_BLOCK}.
     */
    public int send(ByteBuffer src, IoVector staging) throws IOException {
        int position = src.position();
        int n;
        if (src.isDirect()) {
            n = send(staging.addressOf(src) + position, src.remaining());
        } else {
            staging.clear();
            staging.add(src);
            n = (int) send(staging);
        }
        if (n > 0) {
            src.position(position + n);
        }
        return n;
    }

    /**
     * Sends {@code srcs[offset .. offset+length)} in one gathering write through {@code vector},
     * advancing the buffers by what the kernel took. Returns the count or {@link #WOULD_BLOCK}.
     */
    public long send(ByteBuffer[] srcs, int offset, int length, IoVector vector) throws IOException {
        vector.clear();
        for (int i = offset; i < offset + length && vector.add(srcs[i]); i++) {
            // add() takes each buffer's remaining bytes until the vector is full
        }
        long sent = send(vector);
        IoVector.advance(srcs, offset, length, sent);
        return sent;
    }

    /**
     * Sends {@code length} bytes from native memory at {@code address}, with MSG_NOSIGNAL so a gone
     * peer gives EPIPE, never SIGPIPE. Returns the count taken (maybe fewer) or {@link #WOULD_BLOCK}.
     */
    public int send(long address, int length) throws IOException {
        long n;
        do {
            n = transferred(libc.send(intValue(), address, length, LinuxConstants.MSG_NOSIGNAL), "send");
        } while (n == INTERRUPTED);
        return (int) n;
    }

    /** Sends what {@code vector} holds in one sendmsg; returns the count taken or {@link #WOULD_BLOCK}. */
    public long send(IoVector vector) throws IOException {
        long n;
        do {
            n = transferred(libc.sendmsg(intValue(), vector.msghdrAddress(), LinuxConstants.MSG_NOSIGNAL), "sendmsg");
        } while (n == INTERRUPTED);
        return n;
    }

    /** What {@link #sendFile} returns when the file cannot be sent this way (EINVAL, ENOSYS). */
    public static final long CANNOT_SEND_FILE = -3;

    /**
     * Sends up to {@code count} bytes of the file open as descriptor {@code file}, from {@code position},
     * with sendfile(2); the file's own offset does not move. Returns the count taken (0: the file ends
     * at {@code position}), {@link #WOULD_BLOCK}, or {@link #CANNOT_SEND_FILE} when the kernel cannot
     * send from that descriptor (EINVAL: not a file it can map; ENOSYS). sendfile(2) has no flags, so
     * a gone peer's SIGPIPE is what the JVM already ignores: EPIPE is the result.
     */
    public long sendFile(int file, long position, long count, SocketCallBuffer buffer) throws IOException {
        long n;
        do {
            n = libc.sendfile(intValue(), file, buffer.offsetPointer(position), count);
            if (n < 0) {
                int errno = nat.errno();
                if (errno == Errno.EINVAL || errno == Errno.ENOSYS) {
                    return CANNOT_SEND_FILE;
                }
                n = transferred(n, errno, "sendfile");
            }
        } while (n == INTERRUPTED);
        return n;
    }

    /** Half-close: the peer reads end of stream. A peer already gone (ENOTCONN) is not an error. */
    public void shutdownOutput() throws IOException {
        if (libc.shutdown(intValue(), LinuxConstants.SHUT_WR) != 0) {
            int errno = nat.errno();
            if (errno != Errno.ENOTCONN) {
                throw failure("shutdown", errno);
            }
        }
    }

    /** The local address (getsockname). */
    public InetSocketAddress localAddress(SocketCallBuffer buffer) throws IOException {
        if (libc.getsockname(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity()) != 0) {
            throw failure("getsockname", nat.errno());
        }
        return buffer.getAddress();
    }

    /** The remote address (getpeername); fails with ENOTCONN before a connect completes. */
    public InetSocketAddress peerAddress(SocketCallBuffer buffer) throws IOException {
        if (libc.getpeername(intValue(), buffer.addressPointer(), buffer.lengthPointerForCapacity()) != 0) {
            throw failure("getpeername", nat.errno());
        }
        return buffer.getAddress();
    }

    /** TCP_NODELAY on or off. */
    public void setTcpNoDelay(boolean on, SocketCallBuffer buffer) throws IOException {
        setIntOption(LinuxConstants.IPPROTO_TCP, LinuxConstants.TCP_NODELAY, on ? 1 : 0, buffer);
    }

    /** SO_KEEPALIVE on or off. */
    public void setKeepAlive(boolean on, SocketCallBuffer buffer) throws IOException {
        setIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_KEEPALIVE, on ? 1 : 0, buffer);
    }

    /** TCP_NODELAY as the kernel has it, for tests. */
    public boolean tcpNoDelay(SocketCallBuffer buffer) throws IOException {
        return getIntOption(LinuxConstants.IPPROTO_TCP, LinuxConstants.TCP_NODELAY, buffer) != 0;
    }

    /** SO_KEEPALIVE as the kernel has it, for tests. */
    public boolean keepAlive(SocketCallBuffer buffer) throws IOException {
        return getIntOption(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_KEEPALIVE, buffer) != 0;
    }
}
