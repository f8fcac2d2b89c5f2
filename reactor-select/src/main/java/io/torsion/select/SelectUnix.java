package io.torsion.select;

import io.torsion.spi.ListenerHandle;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKinds;
import io.torsion.spi.StreamOpener;
import io.torsion.spi.UnixSocketFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * Unix domain stream sockets on the select backend, through the JDK's
 * {@link StandardProtocolFamily#UNIX} channels. The JDK cannot name a Linux abstract socket
 * ({@code @name}), so those need the epoll backend; the JDK binds and listens in one call, so the
 * file's mode is set right after, while no connection has yet been accepted.
 */
final class SelectUnix implements StreamOpener<UnixDomainSocketAddress> {

    private final SelectReactor reactor;

    SelectUnix(SelectReactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public ListenerHandle listen(UnixDomainSocketAddress address, int backlog, int mode) throws IOException {
        String path = checked(address);
        try (UnixSocketFile.Claim claim = UnixSocketFile.claim(path)) {
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                SelectTcp.bind(channel, address, backlog);
                Object file = UnixSocketFile.setMode(path, mode);
                channel.configureBlocking(false);
                return new SelectListenerHandle(reactor, channel, StreamKinds.UNIX, () -> UnixSocketFile.remove(path, file));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    @Override
    public StreamHandle connect(UnixDomainSocketAddress remote) throws IOException {
        String path = checked(remote);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.configureBlocking(false);
            try {
                channel.connect(remote);
            } catch (IOException e) {
                throw UnixSocketFile.connectFailure(path, errnoName(e), e);
            }
            return new SelectStream(reactor, channel, StreamKinds.UNIX, remote, null);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String checked(UnixDomainSocketAddress address) throws IOException {
        String path = address.getPath().toString();
        UnixSocketFile.pathBytes(path);
        if (UnixSocketFile.isAbstract(path)) {
            throw new IOException("abstract Unix socket names (" + path + ") need the epoll backend: "
                    + "the JDK's channels cannot name them");
        }
        return path;
    }

    /** The JDK reports a failed connect only in words; these are strerror's. */
    private static String errnoName(IOException e) {
        if (e instanceof ConnectException) {
            return "ECONNREFUSED";
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("no such file")) {
            return "ENOENT";
        }
        if (message.contains("permission denied")) {
            return "EACCES";
        }
        if (message.contains("not a directory")) {
            return "ENOTDIR";
        }
        if (message.contains("temporarily unavailable")) {
            return "EAGAIN";
        }
        return String.valueOf(e.getMessage());
    }
}
