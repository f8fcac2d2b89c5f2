package io.torsion.epoll;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLERR;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLHUP;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLOUT;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLRDHUP;

import io.torsion.api.PeerCredentials;
import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.spi.EventLoop;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKind;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A connected (or connecting) stream socket of any family on epoll: its raw calls, and its
 * registration, which turns epoll events into the handler's readable/writable/error.
 *
 * <p>Reads follow the trigger mode through an {@link EdgeTriggeredReader} (budget, ready list, the
 * peer shutdown whose edge came with the last data).
 */
final class EpollStream extends EpollStreamEnd implements StreamHandle {

    private static final int HANG_UP = EPOLLRDHUP | EPOLLHUP | EPOLLERR;

    private final NativeSocket socket;
    private final StreamKind kind;
    private SocketAddress peer;
    private SocketAddress host;
    private boolean connecting;

    /** A stream on {@code socket}, which it owns from now on; {@code host} may be null while connecting. */
    EpollStream(EpollReactor reactor, NativeSocket socket, StreamKind kind, SocketAddress peer, SocketAddress host) {
        super(reactor, socket);
        this.socket = socket;
        this.kind = kind;
        this.peer = peer;
        this.host = host;
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void onEvents(int events) {
        if (connecting) {
            // EPOLLOUT on success; a refused connect may come as EPOLLERR|EPOLLHUP alone.
            handler.onWritable();
            return;
        }
        if ((events & HANG_UP) != 0) {
            reader.hangUpSeen();
        }
        if ((events & EPOLLOUT) != 0) {
            handler.onWritable();
        }
        // Read first, also on a hang-up: the last bytes the peer sent come before its FIN or RST.
        if ((events & (EPOLLIN | HANG_UP)) != 0 && !handler.isClosed()) {
            reader.read();
        }
        if ((events & (EPOLLHUP | EPOLLERR)) != 0 && !handler.isClosed()) {
            hungUp(events);
        }
    }

    /**
     * EPOLLHUP/EPOLLERR after reading: report a pending error, and stop watching an fd that nothing
     * will read, or level-triggered epoll would report the hang-up on every wait.
     */
    private void hungUp(int events) {
        try {
            if ((events & EPOLLERR) != 0) {
                IOException pending = socket.takePendingError(reactor.callBuffer());
                if (pending != null) {
                    handler.onError(pending);
                    return;
                }
            }
            if ((registration.mask() & EPOLLIN) == 0) {
                registration.watch(0);
            }
        } catch (IOException e) {
            handler.onError(e);
        }
    }

    // ---- Registrar -----------------------------------------------------------------------------

    @Override
    public void watch(boolean read, boolean write) {
        connecting = false;
        int events = (read ? EPOLLIN | EPOLLRDHUP : 0) | (write ? EPOLLOUT : 0);
        watchEvents(events);
    }

    @Override
    public void watchConnect() {
        connecting = true;
        watchEvents(EPOLLOUT);
    }

    @Override
    public void readNow() {
        reader.read();
    }

    // ---- raw calls -----------------------------------------------------------------------------

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return readCount(socket.read(dst, reactor.ioVector()));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return Math.max(0, socket.send(src, reactor.ioVector()));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return Math.max(0, socket.send(srcs, offset, length, reactor.ioVector()));
    }

    /**
     * sendfile(2) from the channel's descriptor when it can be known ({@link FileChannelDescriptor})
     * and the kernel can send from it; otherwise through {@code scratch}.
     */
    @Override
    public long sendFile(FileChannel file, long position, long count, ByteBuffer scratch) throws IOException {
        int fd = FileChannelDescriptor.of(file);
        if (fd >= 0) {
            long n = socket.sendFile(fd, position, count, reactor.callBuffer());
            if (n == NativeSocket.WOULD_BLOCK) {
                return 0; // the socket is full: the connection waits for EPOLLOUT
            }
            if (n != NativeSocket.CANNOT_SEND_FILE) {
                return n == 0 ? -1 : n; // 0 with count > 0: the file ends at position
            }
        }
        return StreamHandle.super.sendFile(file, position, count, scratch);
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean finishConnect() throws IOException {
        if (!socket.finishConnect(peer, reactor.callBuffer())) {
            return false;
        }
        peer = socket.peerSocketAddress(reactor.callBuffer());
        host = socket.localSocketAddress(reactor.callBuffer());
        return true;
    }

    @Override
    public SocketAddress localAddress() {
        return host;
    }

    @Override
    public SocketAddress remoteAddress() {
        return peer;
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        boolean on = Boolean.TRUE.equals(value);
        if (option == StandardSocketOptions.TCP_NODELAY) {
            socket.setTcpNoDelay(on, reactor.callBuffer());
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            socket.setKeepAlive(on, reactor.callBuffer());
        } else {
            throw new UnsupportedOperationException("the epoll backend does not set " + option.name());
        }
    }

    @Override
    public PeerCredentials peerCredentials() throws IOException {
        return socket.peerCredentials(reactor.callBuffer());
    }

    @Override
    public StreamKind kind() {
        return kind;
    }

    /** The same socket on another epoll loop: a registration there; nothing was registered here. */
    @Override
    public StreamHandle moveTo(EventLoop target) {
        return new EpollStream((EpollReactor) target, socket, kind, peer, host);
    }

    @Override
    public String toString() {
        return "EpollStream[" + socket + ", " + peer + "]";
    }
}
