package io.torsion.tck;

import io.torsion.api.testing.TestCertificates;
import io.torsion.api.tls.TlsOptions;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The TLS every TLS kind of the kit uses: the server options with the test CA's certificate for
 * {@code localhost}, made once per JVM, and the client side trusting that CA and checking that
 * name, both for torsion's own clients and for the JDK's {@link SSLSocket} as the plain peer.
 */
final class KitTls {

    /** The name the server's certificate is for, and the SNI every client sends. */
    static final String HOST = "localhost";

    private static volatile KitTls made;

    final TlsOptions server;
    final TlsOptions client;
    final SSLContext peerContext;

    private KitTls() {
        TestCertificates certificates = TestCertificates.get();
        server = TlsOptions.server(certificates.serverChain(), certificates.serverKey()).build();
        client = TlsOptions.client().trustRoots(certificates.caCertificate()).expectedHostName(HOST).build();
        peerContext = client.sslContext();
    }

    static KitTls get() {
        KitTls tls = made;
        if (tls == null) {
            synchronized (KitTls.class) {
                tls = made;
                if (tls == null) {
                    tls = new KitTls();
                    made = tls;
                }
            }
        }
        return tls;
    }

    /** The peer's parameters: host name verification on, SNI sent, as a browser would. */
    static void configurePeer(SSLSocket socket) {
        socket.setSSLParameters(peerParameters(socket.getSSLParameters()));
    }

    /** An engine for a peer without a socket (over a Unix socket), in client mode, configured as {@link #configurePeer}. */
    static SSLEngine peerEngine() {
        SSLEngine engine = get().peerContext.createSSLEngine(HOST, 0);
        engine.setUseClientMode(true);
        engine.setSSLParameters(peerParameters(engine.getSSLParameters()));
        return engine;
    }

    private static SSLParameters peerParameters(SSLParameters p) {
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(HOST)));
        return p;
    }
}
