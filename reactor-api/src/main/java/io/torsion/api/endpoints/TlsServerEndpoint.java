package io.torsion.api.endpoints;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.tls.TlsFactories;
import io.torsion.api.tls.TlsOptions;
import io.torsion.api.tls.TlsOptions.ClientAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TLS port to listen on:
 * {@code ssl:PORT:privateKey=KEY.pem[:certKey=CHAIN.pem][:interface=ADDRESS][:backlog=N]
 * [:trustRoots=CA.pem][:clientAuth=none|optional|required][:alpn=h2,http/1.1]}, or over a Unix
 * socket {@code ssl:unix=PATH:privateKey=KEY.pem[:mode=OCTAL][:backlog=N]...}.
 *
 * <ul>
 *   <li>{@code port}, {@code interface}, {@code backlog}: as for {@code tcp:}.
 *   <li>{@code unix}: a Unix socket's path or {@code @name} in place of {@code port} and
 *       {@code interface}, with {@code mode} and {@code backlog} as for {@code unix:}.
 *   <li>{@code privateKey} (required): the PEM private key (PKCS#8, PKCS#1 or SEC1).
 *   <li>{@code certKey}: the PEM certificate chain, leaf first; default the {@code privateKey}
 *       file, which may hold both (as in Twisted).
 *   <li>{@code trustRoots}: PEM roots that client certificates must chain to.
 *   <li>{@code clientAuth}: whether to ask for a client certificate; default {@code required}
 *       when {@code trustRoots} is given, else {@code none}.
 *   <li>{@code alpn}: ALPN protocols accepted, most preferred first.
 *   <li>{@code strategy}: as for {@code tcp:}; each loop of a group runs TLS over its own factory.
 * </ul>
 * Every other TLS setting is {@link TlsOptions}' default. The files are read when listening.
 *
 * @param plain where to listen: a {@link TcpServerEndpoint} or a {@link UnixServerEndpoint}
 * @param certKey the certificate chain file
 * @param privateKey the private key file
 * @param trustRoots the client certificates' roots, or null
 * @param clientAuth whether to ask for client certificates
 * @param alpn ALPN protocols, most preferred first
 */
public record TlsServerEndpoint(StreamServerEndpoint plain, String certKey, String privateKey, String trustRoots,
        ClientAuth clientAuth, List<String> alpn) implements StreamServerEndpoint {

    public TlsServerEndpoint {
        if (!(plain instanceof TcpServerEndpoint || plain instanceof UnixServerEndpoint)) {
            throw new IllegalArgumentException("TLS listens over a TCP or Unix socket endpoint, not " + plain);
        }
        alpn = List.copyOf(alpn);
    }

    /** The options this endpoint stands for, reading its files now. */
    public TlsOptions options() throws IOException {
        try {
            TlsOptions.Builder b = TlsOptions.server(Path.of(certKey), Path.of(privateKey))
                    .clientAuth(clientAuth).applicationProtocols(alpn.toArray(String[]::new));
            if (trustRoots != null) {
                b.trustRoots(Path.of(trustRoots));
            }
            return b.build();
        } catch (UncheckedIOException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    @Override
    public ListeningPort listen(Reactor reactor, Factory factory) throws IOException {
        return plain.listen(reactor, TlsFactories.server(reactor, factory, options()));
    }

    /** TLS over each loop's own factory: a handshake's timers and tasks stay on its connection's loop. */
    @Override
    public ListeningPort listen(io.torsion.api.ReactorGroup group, io.torsion.api.GroupFactory factory)
            throws IOException {
        TlsOptions tls = options();
        return plain.listen(group, io.torsion.api.GroupFactory.perLoop(
                loop -> TlsFactories.server(loop, factory.forLoop(loop), tls)));
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        return "ssl:" + where()
                + ":privateKey=" + EndpointDescription.escape(privateKey) + ":certKey=" + EndpointDescription.escape(certKey)
                + (trustRoots == null ? "" : ":trustRoots=" + EndpointDescription.escape(trustRoots))
                + ":clientAuth=" + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                + (alpn.isEmpty() ? "" : ":alpn=" + EndpointDescription.escape(String.join(",", alpn)))
                + (plain instanceof TcpServerEndpoint tcp && tcp.strategy() != null
                        ? ":strategy=" + EndpointValues.strategyName(tcp.strategy()) : "");
    }

    /** The plain endpoint's part of the string: its port or Unix socket, and its keys. */
    private String where() {
        if (plain instanceof UnixServerEndpoint unix) {
            return "unix=" + unix.toString().substring("unix:".length());
        }
        TcpServerEndpoint tcp = (TcpServerEndpoint) plain;
        return tcp.port() + ":interface=" + EndpointDescription.escape(tcp.host()) + ":backlog=" + tcp.backlog();
    }
}
