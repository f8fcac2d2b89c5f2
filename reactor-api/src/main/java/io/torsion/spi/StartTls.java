package io.torsion.spi;

import io.torsion.api.Transport;
import io.torsion.api.tls.TlsFactories;
import io.torsion.api.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Takes up TLS over an open stream connection (STARTTLS): the layer is interposed between them. */
final class StartTls {

    private StartTls() {
    }

    /**
     * Interposes a TLS layer over {@code connection} for the application holding {@code face}; the
     * handshake begins with what is read from now on.
     */
    static void begin(StreamConnection connection, Transport face, TlsOptions tls, boolean asServer) {
        if (connection.forwardTarget() != connection) {
            throw new IllegalStateException("TLS is already on for " + connection);
        }
        if (!connection.isOpen()) {
            throw new IllegalStateException("cannot start TLS on a connection that is closing: " + connection);
        }
        SocketAddress peer = connection.getPeer();
        String host = peer instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : null;
        int port = peer instanceof InetSocketAddress inet ? inet.getPort() : 0;
        TlsFactories.Layer layer = TlsFactories.startTls(connection.loop, connection.protocol(), face, tls, asServer, host, port);
        connection.interpose(layer.below(), layer.above());
        layer.below().makeConnection(connection);
    }
}
