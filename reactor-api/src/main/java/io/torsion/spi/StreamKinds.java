package io.torsion.spi;

import io.torsion.api.PeerCredentials;
import io.torsion.api.TcpTransport;
import io.torsion.api.Transport;
import io.torsion.api.UnixTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stream kinds and their faces. A handle's {@link StreamHandle#kind()} is one of these. */
public final class StreamKinds {

    /** TCP over IPv4 or IPv6: the protocol sees a {@link TcpTransport}. */
    public static final StreamKind TCP = TcpFace::new;

    /** A Unix domain stream socket: the protocol sees a {@link UnixTransport}. */
    public static final StreamKind UNIX = UnixFace::new;

    /** A stream with nothing but the stream (standard input, a pipe): a plain {@link Transport}. */
    public static final StreamKind PIPE = PipeFace::new;

    private static final Logger log = LoggerFactory.getLogger(StreamKinds.class);

    private StreamKinds() {
    }

    /** Sets a socket option; one the kernel refuses is logged, never closes the connection. */
    private static <T> void setOption(StreamConnection connection, SocketOption<T> option, T value) {
        try {
            connection.handle().setOption(option, value);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("{}: could not set {}", connection.getPeer(), option.name(), e);
        }
    }

    private static final class TcpFace extends ForwardingTransport implements TcpTransport {
        TcpFace(StreamConnection connection) {
            super(connection);
        }

        @Override
        public InetSocketAddress getPeer() {
            return (InetSocketAddress) connection.getPeer();
        }

        @Override
        public InetSocketAddress getHost() {
            return (InetSocketAddress) connection.getHost();
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {
            setOption(connection, StandardSocketOptions.TCP_NODELAY, enabled);
        }

        @Override
        public void setKeepAlive(boolean enabled) {
            setOption(connection, StandardSocketOptions.SO_KEEPALIVE, enabled);
        }
    }

    private static final class UnixFace extends ForwardingTransport implements UnixTransport {
        UnixFace(StreamConnection connection) {
            super(connection);
        }

        @Override
        public UnixDomainSocketAddress getPeer() {
            return (UnixDomainSocketAddress) connection.getPeer();
        }

        @Override
        public UnixDomainSocketAddress getHost() {
            return (UnixDomainSocketAddress) connection.getHost();
        }

        @Override
        public PeerCredentials peerCredentials() throws IOException {
            return connection.handle().peerCredentials();
        }
    }

    private static final class PipeFace extends ForwardingTransport {
        PipeFace(StreamConnection connection) {
            super(connection);
        }
    }
}
