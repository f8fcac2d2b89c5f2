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
 * [:alpn=h2,http/1.1]}, or over a Unix socket {@code ssl:host=HOST:unix=PATH[:timeout=SECONDS]...}.
 *
 * <ul>
 *   <li>{@code host}, {@code port}, {@code timeout}: as for {@code tcp:}; the server's certificate
 *       must name {@code host}, which is also sent as SNI.
 *   <li>{@code unix}: a Unix socket's path or {@code @name} to connect to in place of {@code port};
 *       {@code host} then only names the server's certificate.
 *   <li>{@code trustRoots}: PEM roots the server's chain must lead to; default the JDK's trust store.
 *   <li>{@code certKey}, {@code privateKey}: a client certificate to present when asked (one file
 *       may hold both).
 *   <li>{@code alpn}: ALPN protocols offered.
 * </ul>
 * Host name verification is always on here. The files are read when connecting.
 *
 * @param plain where to connect: a {@link TcpClientEndpoint} or a {@link UnixClientEndpoint}
 * @param host the name the server's certificate must have, sent as SNI (over TCP, the host connected to)
 * @param trustRoots the roots to trust, or null for the JDK's
 * @param certKey the client certificate chain file, or null
 * @param privateKey the client key file, or null
 * @param alpn ALPN protocols offered
 */
public record TlsClientEndpoint(StreamClientEndpoint plain, String host, String trustRoots, String certKey,
        String privateKey, List<String> alpn) implements StreamClientEndpoint {

    public TlsClientEndpoint {
        if (plain instanceof TcpClientEndpoint tcp) {
            if (!tcp.host().equals(host)) {
                throw new IllegalArgumentException("over TCP the certificate's host is the one connected to, "
                        + tcp.host() + ", not " + host);
            }
        } else if (!(plain instanceof UnixClientEndpoint)) {
            throw new IllegalArgumentException("TLS connects over a TCP or Unix socket endpoint, not " + plain);
        }
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

    /** TLS over TCP to {@code tcp}'s host, which the certificate must name. */
    public TlsClientEndpoint(TcpClientEndpoint tcp, String trustRoots, String certKey, String privateKey, List<String> alpn) {
        this(tcp, tcp.host(), trustRoots, certKey, privateKey, alpn);
    }

    @Override
    public Connector connect(Reactor reactor, ClientFactory factory) {
        TlsOptions tls = options();
        if (plain instanceof TcpClientEndpoint tcp) {
            return reactor.connectSsl(tcp.host(), tcp.port(), factory, tls, tcp.timeout());
        }
        return plain.connect(reactor, TlsFactories.client(reactor, factory, tls, host, 0));
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        String where = plain instanceof UnixClientEndpoint unix
                ? "host=" + EndpointDescription.escape(host) + ":unix=" + EndpointDescription.escape(unix.path())
                        + ":timeout=" + EndpointValues.formatSeconds(unix.timeout())
                : plain.toString().substring("tcp:".length());
        return "ssl:" + where
                + (trustRoots == null ? "" : ":trustRoots=" + EndpointDescription.escape(trustRoots))
                + (certKey == null ? "" : ":certKey=" + EndpointDescription.escape(certKey)
                        + ":privateKey=" + EndpointDescription.escape(privateKey))
                + (alpn.isEmpty() ? "" : ":alpn=" + EndpointDescription.escape(String.join(",", alpn)));
    }
}
