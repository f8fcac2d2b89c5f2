package io.torsion.select;

import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKinds;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A connected pair of Unix domain stream sockets for {@code socketPair}. java.nio has no
 * {@code socketpair(2)}, so a listener on a fresh private path (a new temporary directory, mode
 * 0700) accepts one connection from a client, and path and directory are removed before the pair
 * is handed out: the pair behaves as one made by {@code socketpair}, unnamed on both ends.
 */
final class SelectSocketPair {

    private static final UnixDomainSocketAddress UNNAMED = UnixDomainSocketAddress.of("");

    private SelectSocketPair() {
    }

    static StreamHandle[] open(SelectReactor reactor) throws IOException {
        Path directory = Files.createTempDirectory("torsion-pair");
        Path path = directory.resolve("s");
        SocketChannel a = null;
        SocketChannel b = null;
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path), 1);
            a = SocketChannel.open(UnixDomainSocketAddress.of(path)); // completes at once: the backlog has room
            b = listener.accept();
            a.configureBlocking(false);
            b.configureBlocking(false);
            return new StreamHandle[] {
                new SelectStream(reactor, a, StreamKinds.UNIX, UNNAMED, UNNAMED),
                new SelectStream(reactor, b, StreamKinds.UNIX, UNNAMED, UNNAMED)
            };
        } catch (IOException | RuntimeException e) {
            closeQuietly(a, e);
            closeQuietly(b, e);
            throw e;
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static void closeQuietly(SocketChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
