package io.torsion.api.tls;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Connector;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.Transport;
import io.torsion.spi.LayeredFactory;
import java.net.SocketAddress;

/**
 * Wraps a factory so that every protocol it builds speaks TLS over the plain connection: what
 * {@code Reactor.listenSsl} and {@code connectSsl} use, and what a caller uses to run TLS over
 * any other stream it listens on or connects.
 */
public final class TlsFactories {

    private TlsFactories() {
    }

    /** A server-side factory: each accepted connection handshakes as a TLS server with {@code tls}. */
    public static Factory server(Reactor reactor, Factory factory, TlsOptions tls) {
        if (tls.isClient()) {
            throw new IllegalArgumentException("listening needs server options (TlsOptions.server(...)), got " + tls);
        }
        return new ServerFactory(reactor, factory, tls);
    }

    /**
     * A client-side factory for connections to {@code host} (the name the server's certificate must
     * match, and the SNI sent): the protocol's {@code connectionMade} runs after the handshake, and a
     * handshake that fails reaches {@code clientConnectionFailed} with the reason.
     */
    public static ClientFactory client(Reactor reactor, ClientFactory factory, TlsOptions tls, String host, int port) {
        if (!tls.isClient()) {
            throw new IllegalArgumentException("connecting needs client options (TlsOptions.client()), got " + tls);
        }
        return new Client(reactor, factory, tls, host, port);
    }

    /**
     * The two sides of TLS taken up by a connection already open (STARTTLS): {@code below} is to
     * become the plain connection's protocol (give it the plain transport with
     * {@code makeConnection} to start the handshake), {@code above} is what the application's
     * transport is to forward to from then on.
     */
    public record Layer(Protocol below, Transport above) {
    }

    /**
     * TLS over an open connection whose protocol {@code app} holds {@code face} (its transport,
     * which will forward to {@link Layer#above()}). Bytes the application wrote before this went
     * out in plain text ahead of the handshake. A client's {@code peerHost} is the name the
     * server's certificate must match and the SNI sent (an IP literal sends none).
     */
    public static Layer startTls(Reactor reactor, Protocol app, Transport face, TlsOptions tls, boolean asServer,
            String peerHost, int peerPort) {
        if (asServer == tls.isClient()) {
            throw new IllegalArgumentException("startTls as " + (asServer ? "server" : "client") + " needs "
                    + (asServer ? "server" : "client") + " options, got " + tls);
        }
        TlsTransport layer = new TlsTransport(reactor::callFromThread, tls,
                tls.newEngine(asServer ? null : tls.hostNameFor(peerHost), peerPort), app)
                .midStream(face);
        return new Layer(layer.lower(), layer);
    }

    private static TlsTransport connection(Reactor reactor, Factory factory, Protocol app, TlsOptions tls,
            String host, int port) {
        if (app instanceof BaseProtocol base && base.factory() == null) {
            base.setFactory(factory);
        }
        return new TlsTransport(reactor::callFromThread, tls, tls.newEngine(host == null ? null : tls.hostNameFor(host), port), app);
    }

    /**
     * What both wrappers share: the factory's own start and stop, passed through; the loop counts
     * the wrapped factory's users, so one factory behind several wrappers starts once.
     */
    private abstract static class Wrapping implements LayeredFactory {
        final Reactor reactor;
        final Factory factory;
        final TlsOptions tls;

        Wrapping(Reactor reactor, Factory factory, TlsOptions tls) {
            this.reactor = reactor;
            this.factory = factory;
            this.tls = tls;
        }

        @Override
        public Factory wrapped() {
            return factory;
        }

        @Override
        public void startFactory() {
            factory.startFactory();
        }

        @Override
        public void stopFactory() {
            factory.stopFactory();
        }
    }

    private static final class ServerFactory extends Wrapping {
        ServerFactory(Reactor reactor, Factory factory, TlsOptions tls) {
            super(reactor, factory, tls);
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            Protocol app = factory.buildProtocol(peer);
            return app == null ? null : connection(reactor, factory, app, tls, null, 0).lower();
        }
    }

    /** One connector's factory: it remembers the connection under way to report how it ended. */
    private static final class Client extends Wrapping implements ClientFactory {
        private final ClientFactory clientFactory;
        private final String host;
        private final int port;
        private TlsTransport current;

        Client(Reactor reactor, ClientFactory factory, TlsOptions tls, String host, int port) {
            super(reactor, factory, tls);
            this.clientFactory = factory;
            this.host = host;
            this.port = port;
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            Protocol app = factory.buildProtocol(peer);
            if (app == null) {
                return null;
            }
            current = connection(reactor, factory, app, tls, host, port);
            return current.lower();
        }

        @Override
        public void startedConnecting(Connector connector) {
            clientFactory.startedConnecting(connector);
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            clientFactory.clientConnectionFailed(connector, reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, ConnectionClosed reason) {
            TlsTransport connection = current;
            current = null;
            ConnectionClosed outcome = connection == null || connection.outcome() == null ? reason : connection.outcome();
            if (connection != null && !connection.applicationStarted()) {
                // The protocol never heard connectionMade: for it, the connection was never made.
                clientFactory.clientConnectionFailed(connector, outcome.getCause() != null ? outcome.getCause() : outcome);
            } else {
                clientFactory.clientConnectionLost(connector, outcome);
            }
        }
    }
}
