package io.torsion.select;

import io.torsion.api.PeerCredentials;
import io.torsion.spi.EventLoop;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKind;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A connected (or connecting) {@link SocketChannel} of any family: the raw calls of one stream. */
final class SelectStream implements StreamHandle {

    private static final Logger log = LoggerFactory.getLogger(SelectStream.class);

    private final SelectReactor reactor;
    private final SocketChannel channel;
    private final StreamKind kind;
    private SocketAddress peer;
    private SocketAddress host;

    SelectStream(SelectReactor reactor, SocketChannel channel, StreamKind kind, SocketAddress peer,
            SocketAddress host) {
        this.reactor = reactor;
        this.channel = channel;
        this.kind = kind;
        this.peer = peer;
        this.host = host;
    }

    /** An accepted channel, made non-blocking, with its addresses. */
    static SelectStream accepted(SelectReactor reactor, SocketChannel channel, StreamKind kind) throws IOException {
        channel.configureBlocking(false);
        return new SelectStream(reactor, channel, kind, channel.getRemoteAddress(), channel.getLocalAddress());
    }

    @Override
    public Registrar register(ReadinessHandler handler) {
        return new SelectRegistration(reactor, channel, handler, SelectionKey.OP_READ);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    /** {@link FileChannel#transferTo}, which the JDK does with sendfile(2) on Linux; 0 when the socket is full. */
    @Override
    public long sendFile(FileChannel file, long position, long count, ByteBuffer scratch) throws IOException {
        long n = file.transferTo(position, count, channel);
        return n == 0 && position >= file.size() ? -1 : n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return channel.write(srcs, offset, length);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public boolean finishConnect() throws IOException {
        if (!channel.finishConnect()) {
            return false;
        }
        peer = channel.getRemoteAddress();
        host = channel.getLocalAddress();
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
        channel.setOption(option, value);
    }

    @Override
    public PeerCredentials peerCredentials() throws IOException {
        return UnixCredentials.of(channel);
    }

    @Override
    public StreamKind kind() {
        return kind;
    }

    /** The same channel on another select loop, which registers it with its own selector. */
    @Override
    public StreamHandle moveTo(EventLoop target) {
        return new SelectStream((SelectReactor) target, channel, kind, peer, host);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close failed", peer, e);
        }
    }

    @Override
    public String toString() {
        return "SelectStream[" + peer + "]";
    }
}
