package io.torsion.epoll;

import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.spi.ListenerHandle;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKinds;
import io.torsion.spi.StreamOpener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** TCP over IPv4 and IPv6 on epoll. */
final class EpollTcp implements StreamOpener<InetSocketAddress> {

    private final EpollReactor reactor;

    EpollTcp(EpollReactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public ListenerHandle listen(InetSocketAddress address, int backlog, int mode) throws IOException {
        return listening(NativeSocket.listen(address, backlog, false, reactor.callBuffer()));
    }

    @Override
    public ListenerHandle listenShared(InetSocketAddress address, int backlog) throws IOException {
        return listening(NativeSocket.listen(address, backlog, true, reactor.callBuffer()));
    }

    private ListenerHandle listening(NativeSocket socket) throws IOException {
        try {
            InetSocketAddress bound = socket.localAddress(reactor.callBuffer());
            // Bound to one address, every accepted socket has it: no getsockname per connection.
            InetSocketAddress fixedHost = bound.getAddress().isAnyLocalAddress() ? null : bound;
            return new EpollListenerHandle(reactor, socket, StreamKinds.TCP, bound, new EpollListenerHandle.Addresses() {
                @Override
                public SocketAddress peer(EpollReactor r) {
                    return NativeSocket.peerAddressFromAccept(r.callBuffer());
                }

                @Override
                public SocketAddress host(EpollReactor r, NativeSocket accepted) throws IOException {
                    return fixedHost != null ? fixedHost : accepted.localAddress(r.callBuffer());
                }
            }, () -> { });
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public StreamHandle connect(InetSocketAddress remote) throws IOException {
        NativeSocket socket = NativeSocket.open(remote);
        try {
            socket.connect(remote, reactor.callBuffer());
            return new EpollStream(reactor, socket, StreamKinds.TCP, remote, null);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
