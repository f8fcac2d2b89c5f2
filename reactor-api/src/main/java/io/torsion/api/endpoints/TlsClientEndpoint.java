package io.torsion.api.endpoints;

import io.torsion.api.ClientFactory;
import io.torsion.api.Connector;
import io.torsion.api.Reactor;
import io.torsion.api.tls.TlsFactories;
import io.torsion.api.tls.TlsOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * A TLS server to connect to:
 * {@code ssl:host=HOST:port=PORT[:timeout=SECONDS][:trustRoots=CA.pem][:certKey=CHAIN.pem:privateKey=KEY.pem]
 * [:alpn=h2,http/1.1]}.
 *
 * <ul>
 *   <li>{@code host}, {@code port}, {@code timeout}: as for {@code tcp:}; the server's certificate
 *       must name {@code host}, which is also sent as SNI.
 *   <li>{@code trustRoots}: PEM roots the server's chain must lead to; default the JDK's trust store.
 *   <li>{@code certKey}, {@code privateKey}: a client certificate to present when asked (one file
 *       may hold both).
 *   <li>{@code alpn}: ALPN protocols offered.
 * </ul>
 * Host name verification is always on here. The files are read when connecting.
 *
 * @param tcp where to connect
 * @param trustRoots the roots to trust, or null for the JDK's
 * @param certKey the client certificate chain file, or null
 * @param privateKey the client key file, or null
 * @param alpn ALPN protocols offered
 */
public record TlsClientEndpoint(TcpClientEndpoint tcp, String trustRoots, String certKey, String privateKey,
        List<String> alpn) implements StreamClientEndpoint {

    public TlsClientEndpoint {
        alpn = List.copyOf(alpn);
        if ((certKey == null) != (privateKey == null)) {
            throw new IllegalArgumentException("a client certificate needs both certKey and privateKey");
        }
    }

    /** The options this endpoint stands for, reading its files now. */
    public TlsOptions options() {
        TlsOptions.Builder b = TlsOptions.client().applicationProtocols(alpn.toArray(String[]::new));
        if (trustRoots != null) {
            b.trustRoots(Path.of(trustRoots));
        }
        if (certKey != null) {
            b.certificate(Path.of(certKey), Path.of(privateKey));
        }
        return b.build();
    }

    @Override
    public Connector connect(Reactor reactor, ClientFactory factory) {
        TlsOptions tls = options();
        return reactor.connectSsl(tcp.host(), tcp.port(), factory, tls, tcp.timeout());
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        String tcpPart = tcp.toString().substring("tcp:".length());
        return "ssl:" + tcpPart
                + (trustRoots == null ? "" : ":trustRoots=" + EndpointDescription.escape(trustRoots))
                + (certKey == null ? "" : ":certKey=" + EndpointDescription.escape(certKey)
                        + ":privateKey=" + EndpointDescription.escape(privateKey))
                + (alpn.isEmpty() ? "" : ":alpn=" + EndpointDescription.escape(String.join(",", alpn)));
    }
}
