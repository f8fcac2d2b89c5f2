package io.torsion.epoll;

import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.spi.ListenerHandle;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKinds;
import io.torsion.spi.StreamOpener;
import io.torsion.spi.UnixSocketFile;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Unix domain stream sockets on epoll, with {@code sockaddr_un} built by hand (see
 * native-notes.md), abstract names included. The file steps (stale file, mode, removal) are
 * {@link UnixSocketFile}'s, as on every backend; the mode is set between bind and listen, so no
 * client connects before it holds.
 */
final class EpollUnix implements StreamOpener<UnixDomainSocketAddress> {

    private final EpollReactor reactor;

    EpollUnix(EpollReactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public ListenerHandle listen(UnixDomainSocketAddress address, int backlog, int mode) throws IOException {
        String path = address.getPath().toString();
        byte[] bytes = UnixSocketFile.pathBytes(path);
        try (UnixSocketFile.Claim claim = UnixSocketFile.claim(path)) {
            NativeSocket socket = NativeSocket.openUnix();
            try {
                socket.bindUnix(path, bytes, reactor.callBuffer());
                Object file = UnixSocketFile.setMode(path, mode);
                socket.listen(backlog);
                return new EpollListenerHandle(reactor, socket, StreamKinds.UNIX, address, new EpollListenerHandle.Addresses() {
                    @Override
                    public SocketAddress peer(EpollReactor r) {
                        return NativeSocket.peerSocketAddressFromAccept(r.callBuffer());
                    }

                    @Override
                    public SocketAddress host(EpollReactor r, NativeSocket accepted) {
                        return address;
                    }
                }, () -> UnixSocketFile.remove(path, file));
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    @Override
    public StreamHandle connect(UnixDomainSocketAddress remote) throws IOException {
        String path = remote.getPath().toString();
        byte[] bytes = UnixSocketFile.pathBytes(path);
        NativeSocket socket = NativeSocket.openUnix();
        try {
            socket.connectUnix(path, bytes, reactor.callBuffer());
            return new EpollStream(reactor, socket, StreamKinds.UNIX, remote, null);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
