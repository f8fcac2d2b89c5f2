package io.torsion.select;

import io.torsion.spi.ListenerHandle;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKinds;
import io.torsion.spi.StreamOpener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** TCP on the select backend: {@link ServerSocketChannel} and {@link SocketChannel} of the address's family. */
final class SelectTcp implements StreamOpener<InetSocketAddress> {

    private final SelectReactor reactor;

    SelectTcp(SelectReactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public ListenerHandle listen(InetSocketAddress address, int backlog, int mode) throws IOException {
        return listen(address, backlog, false);
    }

    /** Through {@link StandardSocketOptions#SO_REUSEPORT}, where the platform has it. */
    @Override
    public ListenerHandle listenShared(InetSocketAddress address, int backlog) throws IOException {
        return listen(address, backlog, true);
    }

    private ListenerHandle listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new UnsupportedOperationException("this platform has no SO_REUSEPORT;"
                            + " listen with an acceptor strategy instead");
                }
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            bind(channel, address, backlog);
            channel.configureBlocking(false);
            return new SelectListenerHandle(reactor, channel, StreamKinds.TCP, () -> { });
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public StreamHandle connect(InetSocketAddress remote) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.connect(remote);
            return new SelectStream(reactor, channel, StreamKinds.TCP, remote, null);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Binds, saying "address already in use" in the words every backend uses. */
    static void bind(ServerSocketChannel channel, java.net.SocketAddress address, int backlog) throws IOException {
        try {
            channel.bind(address, backlog);
        } catch (BindException e) {
            BindException inUse = new BindException("address already in use: " + address);
            inUse.initCause(e);
            throw inUse;
        }
    }
}
