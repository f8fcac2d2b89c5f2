package io.torsion.epoll;

import io.torsion.epoll.nativeio.EpollFlags;
import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.spi.ListenerHandle;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKind;
import java.io.IOException;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket of any family on epoll: accept4, and its registration. In edge-triggered mode
 * a listener whose accept budget ran out goes on the ready list, since the connections still in
 * the backlog raise no new edge.
 */
final class EpollListenerHandle implements ListenerHandle, Registrar, EpollHandler {

    private static final Logger log = LoggerFactory.getLogger(EpollListenerHandle.class);

    /** How the accepted sockets' addresses are learnt; one per socket family. */
    interface Addresses {
        /** The peer address accept4 just wrote into the call buffer. */
        SocketAddress peer(EpollReactor reactor) throws IOException;

        /** The accepted socket's local address. */
        SocketAddress host(EpollReactor reactor, NativeSocket accepted) throws IOException;
    }

    private final EpollReactor reactor;
    private final NativeSocket socket;
    private final StreamKind kind;
    private final SocketAddress bound;
    private final Addresses addresses;
    private final Runnable onClose;
    private final EpollRegistration registration;
    private ReadinessHandler handler;
    private boolean readyQueued;

    EpollListenerHandle(EpollReactor reactor, NativeSocket socket, StreamKind kind, SocketAddress bound,
            Addresses addresses, Runnable onClose) {
        this.reactor = reactor;
        this.socket = socket;
        this.kind = kind;
        this.bound = bound;
        this.addresses = addresses;
        this.onClose = onClose;
        this.registration = reactor.newRegistration(socket.intValue(), this);
    }

    @Override
    public StreamHandle accept() throws IOException {
        NativeSocket accepted = socket.accept(reactor.callBuffer());
        if (accepted == null) {
            return null;
        }
        try {
            SocketAddress peer = addresses.peer(reactor);
            return new EpollStream(reactor, accepted, kind, peer, addresses.host(reactor, accepted));
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    @Override
    public SocketAddress localAddress() {
        return bound;
    }

    @Override
    public Registrar register(ReadinessHandler readiness) {
        this.handler = readiness;
        return this;
    }

    @Override
    public void watch(boolean read, boolean write) {
        try {
            registration.watch(read ? EpollFlags.EPOLLIN | reactor.mode().epollFlags() : 0);
        } catch (IOException e) {
            log.error("{}: cannot change what epoll watches the listening socket for", bound, e);
        }
    }

    @Override
    public void watchConnect() {
        throw new UnsupportedOperationException("a listening socket does not connect");
    }

    @Override
    public void readNow() {
        acceptWithBudget();
    }

    @Override
    public void cancel() {
        registration.forgetBeforeClose();
    }

    @Override
    public void close() {
        socket.close();
        onClose.run();
    }

    @Override
    public void onEvents(int events) {
        acceptWithBudget();
    }

    @Override
    public boolean continueReady() {
        readyQueued = false;
        if (handler.isClosed()) {
            return false;
        }
        readyQueued = handler.onReadable(1);
        return readyQueued;
    }

    @Override
    public void release() {
        if (socket.isOpen()) {
            registration.forgetBeforeClose();
            close();
        }
    }

    private void acceptWithBudget() {
        if (handler.onReadable(1) && reactor.mode().isEdge() && !readyQueued) {
            readyQueued = true;
            reactor.ready(this);
        }
    }
}
