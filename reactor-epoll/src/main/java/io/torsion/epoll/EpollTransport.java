package io.torsion.epoll;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLERR;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLHUP;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLOUT;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLRDHUP;

import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.spi.StreamTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A TCP connection on a {@link NativeSocket}: the raw calls under the shared transport logic, and
 * the translation of epoll events into {@code onReadable}/{@code onWritable}/{@code onError}.
 *
 * <p>Edge-triggered rules kept here: read with a budget and queue on the ready list when it runs
 * out; remember a peer shutdown (EPOLLRDHUP/EPOLLHUP) because its edge came with the last data and
 * will not come again, so after the data is read, one more read collects the end of stream.
 */
final class EpollTransport extends StreamTransport implements EpollHandler {

    private static final int HANG_UP = EPOLLRDHUP | EPOLLHUP | EPOLLERR;

    private final EpollReactor reactor;
    private final NativeSocket socket;
    private final InetSocketAddress destination;
    private final EpollRegistration registration;
    private boolean readyQueued;
    private boolean peerShutdownSeen;

    private EpollTransport(EpollReactor reactor, NativeSocket socket, InetSocketAddress peer,
            InetSocketAddress host, InetSocketAddress destination) {
        super(reactor, peer, host, destination != null);
        this.reactor = reactor;
        this.socket = socket;
        this.destination = destination;
        this.registration = reactor.newRegistration(socket.intValue(), this);
    }

    /** A connection accepted by a listener; it owns {@code socket} from now on. */
    static EpollTransport accepted(EpollReactor reactor, NativeSocket socket, InetSocketAddress peer,
            InetSocketAddress host) {
        return new EpollTransport(reactor, socket, peer, host, null);
    }

    /** A connection whose non-blocking connect to {@code destination} is under way. */
    static EpollTransport connecting(EpollReactor reactor, NativeSocket socket, InetSocketAddress destination) {
        return new EpollTransport(reactor, socket, destination, null, destination);
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void onEvents(int events) {
        if (isConnecting()) {
            // EPOLLOUT on success; a refused connect may come as EPOLLERR|EPOLLHUP alone.
            onConnectable();
            return;
        }
        if ((events & HANG_UP) != 0) {
            peerShutdownSeen = true;
        }
        if ((events & EPOLLOUT) != 0) {
            onWritable();
        }
        // Read first, also on a hang-up: the last bytes the peer sent come before its FIN or RST.
        if ((events & (EPOLLIN | HANG_UP)) != 0 && !isClosed()) {
            readWithBudget();
        }
        if ((events & (EPOLLHUP | EPOLLERR)) != 0 && !isClosed()) {
            hungUp(events);
        }
    }

    @Override
    public boolean continueReady() {
        readyQueued = false;
        if (isClosed()) {
            return false;
        }
        readyQueued = readEdge();
        return readyQueued;
    }

    @Override
    protected void readNow() {
        readWithBudget();
    }

    private void readWithBudget() {
        if (!reactor.mode().isEdge()) {
            onReadable(1);
        } else if (readEdge() && !readyQueued) {
            readyQueued = true;
            reactor.ready(this);
        }
    }

    /** One edge-triggered budget of reads; true when it ran out with more perhaps waiting. */
    private boolean readEdge() {
        boolean more = onReadable(reactor.mode().readsPerWakeup());
        if (!more && peerShutdownSeen && !isClosed()) {
            // The short read emptied the queue, but the FIN that came with it raises no new edge.
            onReadable(1);
        }
        return more;
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
                    onError(pending);
                    return;
                }
            }
            if ((registration.mask() & EPOLLIN) == 0) {
                registration.watch(0);
            }
        } catch (IOException e) {
            onError(e);
        }
    }

    @Override
    public void release() {
        if (socket.isOpen()) {
            registration.forgetBeforeClose();
            socket.close();
        }
    }

    // ---- raw calls -----------------------------------------------------------------------------

    @Override
    protected int readFromSocket(ByteBuffer dst) throws IOException {
        int n = socket.read(dst);
        if (n == NativeSocket.WOULD_BLOCK) {
            return 0;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    protected int writeToSocket(ByteBuffer src) throws IOException {
        return Math.max(0, socket.send(src, reactor.ioVector()));
    }

    @Override
    protected long writeToSocket(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return Math.max(0, socket.send(srcs, offset, length, reactor.ioVector()));
    }

    @Override
    protected void shutdownSocketOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    protected boolean finishConnect() throws IOException {
        if (!socket.finishConnect(destination, reactor.callBuffer())) {
            return false;
        }
        connected(socket.peerAddress(reactor.callBuffer()), socket.localAddress(reactor.callBuffer()));
        return true;
    }

    @Override
    protected void closeSocket() {
        registration.forgetBeforeClose();
        socket.close();
    }

    @Override
    protected void interestChanged(boolean read, boolean write) {
        int events = (read ? EPOLLIN | EPOLLRDHUP : 0) | (write ? EPOLLOUT : 0);
        try {
            registration.watch(events == 0 ? 0 : events | reactor.mode().epollFlags());
        } catch (IOException e) {
            onError(e);
        }
    }

    @Override
    protected void applyTcpNoDelay(boolean enabled) throws IOException {
        socket.setTcpNoDelay(enabled, reactor.callBuffer());
    }

    @Override
    protected void applyKeepAlive(boolean enabled) throws IOException {
        socket.setKeepAlive(enabled, reactor.callBuffer());
    }
}
