package io.torsion.api.tls;

import io.torsion.api.PeerCredentials;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.TcpTransport;
import io.torsion.api.Transport;
import io.torsion.api.UnixTransport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * What the application holds over a TLS connection made by {@code listenSsl}/{@code connectSsl}:
 * the stream is the TLS layer's, the addresses and the socket kind's own calls are the plain
 * transport's, so a protocol over TLS on TCP still sees a {@link TcpTransport} (and on a Unix
 * socket a {@link UnixTransport}).
 */
abstract class LayerFace implements Transport {

    final TlsTransport layer;

    LayerFace(TlsTransport layer) {
        this.layer = layer;
    }

    /** The face for {@code layer} over {@code plain}: of plain's kind, or the layer itself. */
    static Transport over(TlsTransport layer, Transport plain) {
        if (plain instanceof TcpTransport tcp) {
            return new Tcp(layer, tcp);
        }
        if (plain instanceof UnixTransport unix) {
            return new Unix(layer, unix);
        }
        return layer;
    }

    @Override
    public final void write(ByteBuffer data) {
        layer.write(data);
    }

    @Override
    public final void writeSequence(ByteBuffer... data) {
        layer.writeSequence(data);
    }

    @Override
    public final void loseConnection() {
        layer.loseConnection();
    }

    @Override
    public final void abortConnection() {
        layer.abortConnection();
    }

    @Override
    public final void loseWriteConnection() {
        layer.loseWriteConnection();
    }

    @Override
    public final java.util.concurrent.CompletionStage<Long> sendFile(java.nio.channels.FileChannel file, long position, long count) {
        return layer.sendFile(file, position, count);
    }

    @Override
    public final void pauseProducing() {
        layer.pauseProducing();
    }

    @Override
    public final void resumeProducing() {
        layer.resumeProducing();
    }

    @Override
    public final boolean isPaused() {
        return layer.isPaused();
    }

    @Override
    public final void registerProducer(PushProducer producer) {
        layer.registerProducer(producer == this ? layer : producer);
    }

    @Override
    public final void unregisterProducer() {
        layer.unregisterProducer();
    }

    @Override
    public final void setWaterMarks(int high, int low) {
        layer.setWaterMarks(high, low);
    }

    @Override
    public final long queuedBytes() {
        return layer.queuedBytes();
    }

    @Override
    public final boolean isWriteBufferFull() {
        return layer.isWriteBufferFull();
    }

    @Override
    public final void setIdleTimeout(Duration idle) {
        layer.setIdleTimeout(idle);
    }

    @Override
    public final void setIdleTimeouts(Duration read, Duration write, Duration all) {
        layer.setIdleTimeouts(read, write, all);
    }

    @Override
    public final void resetIdleTimeouts() {
        layer.resetIdleTimeouts();
    }

    @Override
    public final boolean isOpen() {
        return layer.isOpen();
    }

    @Override
    public final Scheduler scheduler() {
        return layer.scheduler();
    }

    @Override
    public final io.torsion.api.Reactor reactor() {
        return layer.reactor();
    }

    @Override
    public final Optional<TlsSession> tlsSession() {
        return layer.tlsSession();
    }

    /** TLS is on already: refused, as a second switch on a STARTTLS connection is. */
    @Override
    public final void startTls(TlsOptions tls, boolean asServer) {
        layer.startTls(tls, asServer);
    }

    @Override
    public String toString() {
        return layer.toString();
    }

    private static final class Tcp extends LayerFace implements TcpTransport {
        private final TcpTransport plain;

        Tcp(TlsTransport layer, TcpTransport plain) {
            super(layer);
            this.plain = plain;
        }

        @Override
        public InetSocketAddress getPeer() {
            return plain.getPeer();
        }

        @Override
        public InetSocketAddress getHost() {
            return plain.getHost();
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {
            plain.setTcpNoDelay(enabled);
        }

        @Override
        public void setKeepAlive(boolean enabled) {
            plain.setKeepAlive(enabled);
        }
    }

    private static final class Unix extends LayerFace implements UnixTransport {
        private final UnixTransport plain;

        Unix(TlsTransport layer, UnixTransport plain) {
            super(layer);
            this.plain = plain;
        }

        @Override
        public UnixDomainSocketAddress getPeer() {
            return plain.getPeer();
        }

        @Override
        public UnixDomainSocketAddress getHost() {
            return plain.getHost();
        }

        @Override
        public PeerCredentials peerCredentials() throws java.io.IOException {
            return plain.peerCredentials();
        }
    }
}
