package io.torsion.select;

import io.torsion.spi.StreamTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A TCP connection on a {@link SocketChannel}: the raw calls under the shared transport logic. */
final class SelectTransport extends StreamTransport {

    private final SelectReactor reactor;
    private final SocketChannel channel;
    private SelectionKey key;

    private SelectTransport(SelectReactor reactor, SocketChannel channel, InetSocketAddress peer,
            InetSocketAddress host, boolean connecting) {
        super(reactor, peer, host, connecting);
        this.reactor = reactor;
        this.channel = channel;
    }

    static SelectTransport accepted(SelectReactor reactor, SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        return new SelectTransport(reactor, channel, (InetSocketAddress) channel.getRemoteAddress(),
                (InetSocketAddress) channel.getLocalAddress(), false);
    }

    static SelectTransport connecting(SelectReactor reactor, SocketChannel channel, InetSocketAddress remote) {
        return new SelectTransport(reactor, channel, remote, null, true);
    }

    @Override
    protected int readFromSocket(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    protected int writeToSocket(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    protected long writeToSocket(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    @Override
    protected void shutdownSocketOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    protected boolean finishConnect() throws IOException {
        if (!channel.finishConnect()) {
            return false;
        }
        connected((InetSocketAddress) channel.getRemoteAddress(), (InetSocketAddress) channel.getLocalAddress());
        return true;
    }

    @Override
    protected void closeSocket() {
        reactor.close(key, channel, getPeer());
    }

    @Override
    protected void interestChanged(boolean read, boolean write) {
        int ops;
        if (isConnecting()) {
            ops = write ? SelectionKey.OP_CONNECT : 0;
        } else {
            ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
        }
        try {
            key = reactor.register(key, channel, ops, this);
        } catch (IOException | RuntimeException e) {
            onError(e instanceof IOException io ? io : new IOException("cannot register with the selector", e));
        }
    }

    @Override
    protected void applyTcpNoDelay(boolean enabled) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, enabled);
    }

    @Override
    protected void applyKeepAlive(boolean enabled) throws IOException {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
    }
}
