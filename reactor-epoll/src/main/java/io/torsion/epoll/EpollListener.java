package io.torsion.epoll;

import io.torsion.api.Factory;
import io.torsion.epoll.nativeio.EpollFlags;
import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.epoll.nativeio.SocketCallBuffer;
import io.torsion.spi.PortListener;
import io.torsion.spi.StreamTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening {@link NativeSocket}: accept4 under the shared listener logic (budget, factory,
 * fd-exhaustion back-off). In edge-triggered mode a listener whose accept budget ran out goes on
 * the ready list, since the connections still in the backlog raise no new edge.
 */
final class EpollListener extends PortListener implements EpollHandler {

    private static final Logger log = LoggerFactory.getLogger(EpollListener.class);

    private final EpollReactor reactor;
    private final NativeSocket socket;
    private final EpollRegistration registration;
    /** Every accepted socket's local address when bound to one address; null for a wildcard bind. */
    private final InetSocketAddress fixedHost;
    private boolean readyQueued;

    EpollListener(EpollReactor reactor, NativeSocket socket, InetSocketAddress bound, Factory factory) {
        super(reactor, bound, factory);
        this.reactor = reactor;
        this.socket = socket;
        this.registration = reactor.newRegistration(socket.intValue(), this);
        this.fixedHost = bound.getAddress().isAnyLocalAddress() ? null : bound;
    }

    @Override
    protected StreamTransport accept() throws IOException {
        SocketCallBuffer buffer = reactor.callBuffer();
        NativeSocket accepted = socket.accept(buffer);
        if (accepted == null) {
            return null;
        }
        try {
            InetSocketAddress peer = NativeSocket.peerAddressFromAccept(buffer);
            InetSocketAddress host = fixedHost != null ? fixedHost : accepted.localAddress(buffer);
            return EpollTransport.accepted(reactor, accepted, peer, host);
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    @Override
    protected void acceptInterest(boolean enabled) {
        try {
            registration.watch(enabled ? EpollFlags.EPOLLIN | reactor.mode().epollFlags() : 0);
        } catch (IOException e) {
            log.error("{}: cannot change what epoll watches the listening socket for", address(), e);
        }
    }

    @Override
    protected void closeSocket() {
        registration.forgetBeforeClose();
        socket.close();
    }

    @Override
    protected void acceptNow() {
        acceptWithBudget();
    }

    @Override
    public void onEvents(int events) {
        acceptWithBudget();
    }

    @Override
    public boolean continueReady() {
        readyQueued = false;
        if (!isListening()) {
            return false;
        }
        readyQueued = onAcceptable();
        return readyQueued;
    }

    @Override
    public void release() {
        if (socket.isOpen()) {
            registration.forgetBeforeClose();
            socket.close();
        }
    }

    private void acceptWithBudget() {
        if (onAcceptable() && reactor.mode().isEdge() && !readyQueued) {
            readyQueued = true;
            reactor.ready(this);
        }
    }
}
