package io.torsion.api.endpoints;

import io.torsion.api.Reactor;
import io.torsion.api.tls.TlsOptions.ClientAuth;
import java.util.List;
import java.util.Locale;

/**
 * {@code ssl:}, Twisted's name for TLS over TCP: a TCP endpoint's keys plus the certificate files,
 * whom to trust and what to offer. Files are only named here; they are read when the endpoint
 * listens or connects, so parsing stays free of I/O.
 */
final class TlsScheme implements EndpointScheme {

    @Override
    public String name() {
        return "ssl";
    }

    @Override
    public StreamServerEndpoint streamServer(EndpointArguments arguments) {
        arguments.bind("port", "interface", "backlog", "privateKey", "certKey", "trustRoots", "clientAuth", "alpn",
                "strategy");
        TcpServerEndpoint tcp = new TcpServerEndpoint(
                arguments.optional("interface", "0.0.0.0", EndpointValues::host),
                arguments.required("port", EndpointValues::listenPort),
                arguments.optional("backlog", Reactor.DEFAULT_BACKLOG, EndpointValues::positive),
                arguments.optional("strategy", null, EndpointValues::strategy));
        String privateKey = arguments.required("privateKey", TlsScheme::path);
        String trustRoots = arguments.optional("trustRoots", null, TlsScheme::path);
        ClientAuth clientAuth = arguments.optional("clientAuth",
                trustRoots == null ? ClientAuth.NONE : ClientAuth.REQUIRED, TlsScheme::clientAuth);
        if (clientAuth != ClientAuth.NONE && trustRoots == null) {
            throw arguments.error("clientAuth", "needs trustRoots=FILE, the roots client certificates must chain to");
        }
        return new TlsServerEndpoint(tcp, arguments.optional("certKey", privateKey, TlsScheme::path), privateKey,
                trustRoots, clientAuth, arguments.optional("alpn", List.of(), TlsScheme::protocols));
    }

    @Override
    public StreamClientEndpoint streamClient(EndpointArguments arguments) {
        arguments.bind("host", "port", "timeout", "trustRoots", "certKey", "privateKey", "alpn");
        TcpClientEndpoint tcp = new TcpClientEndpoint(
                arguments.required("host", EndpointValues::host),
                arguments.required("port", EndpointValues::connectPort),
                arguments.optional("timeout", TcpClientEndpoint.DEFAULT_TIMEOUT, EndpointValues::seconds));
        String certKey = arguments.optional("certKey", null, TlsScheme::path);
        String privateKey = arguments.optional("privateKey", certKey, TlsScheme::path);
        if (certKey == null && privateKey != null) {
            certKey = privateKey;
        }
        return new TlsClientEndpoint(tcp, arguments.optional("trustRoots", null, TlsScheme::path), certKey, privateKey,
                arguments.optional("alpn", List.of(), TlsScheme::protocols));
    }

    static String path(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must name a file");
        }
        return text;
    }

    static ClientAuth clientAuth(String text) {
        try {
            return ClientAuth.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be none, optional or required, got '" + text + "'");
        }
    }

    /** ALPN protocol names, separated by commas: {@code h2,http/1.1}. */
    static List<String> protocols(String text) {
        List<String> names = List.of(text.split(",", -1));
        for (String name : names) {
            if (name.isEmpty() || name.length() > 255) {
                throw new IllegalArgumentException("must be protocol names separated by commas, each 1 to 255 bytes");
            }
        }
        return names;
    }
}
