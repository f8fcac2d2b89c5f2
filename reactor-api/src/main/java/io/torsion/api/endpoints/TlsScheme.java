package io.torsion.api.endpoints;

import io.torsion.api.Reactor;
import io.torsion.api.tls.TlsOptions.ClientAuth;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code ssl:}, Twisted's name for TLS over TCP: a TCP endpoint's keys plus the certificate files,
 * whom to trust and what to offer. With {@code unix=PATH} in place of a port, TLS runs over a Unix
 * socket instead (Twisted has no string for that): a server then takes {@code unix:}'s
 * {@code mode}, a client names the server's certificate with {@code host}. Files are only named
 * here; they are read when the endpoint listens or connects, so parsing stays free of I/O.
 */
final class TlsScheme implements EndpointScheme {

    @Override
    public String name() {
        return "ssl";
    }

    @Override
    public StreamServerEndpoint streamServer(EndpointArguments arguments) {
        arguments.bind("port", "interface", "backlog", "privateKey", "certKey", "trustRoots", "clientAuth", "alpn",
                "strategy", "unix", "mode");
        StreamServerEndpoint plain = isOverUnix(arguments, "port", "interface", "strategy")
                ? unixServer(arguments) : tcpServer(arguments);
        String privateKey = arguments.required("privateKey", TlsScheme::path);
        String trustRoots = arguments.optional("trustRoots", null, TlsScheme::path);
        ClientAuth clientAuth = arguments.optional("clientAuth",
                trustRoots == null ? ClientAuth.NONE : ClientAuth.REQUIRED, TlsScheme::clientAuth);
        if (clientAuth != ClientAuth.NONE && trustRoots == null) {
            throw arguments.error("clientAuth", "needs trustRoots=FILE, the roots client certificates must chain to");
        }
        return new TlsServerEndpoint(plain, arguments.optional("certKey", privateKey, TlsScheme::path), privateKey,
                trustRoots, clientAuth, arguments.optional("alpn", List.of(), TlsScheme::protocols));
    }

    private static TcpServerEndpoint tcpServer(EndpointArguments arguments) {
        if (arguments.optional("mode", null, text -> text) != null) {
            throw arguments.error("mode", "only for a Unix socket (unix=PATH); a TCP port has no file");
        }
        return new TcpServerEndpoint(
                arguments.optional("interface", "0.0.0.0", EndpointValues::host),
                arguments.required("port", EndpointValues::listenPort),
                arguments.optional("backlog", Reactor.DEFAULT_BACKLOG, EndpointValues::positive),
                arguments.optional("strategy", null, EndpointValues::strategy));
    }

    private static UnixServerEndpoint unixServer(EndpointArguments arguments) {
        String address = arguments.required("unix", EndpointValues::unixPath);
        Integer mode = arguments.optional("mode", null, EndpointValues::octalMode);
        if (mode != null && UnixServerEndpoint.isAbstract(address)) {
            throw arguments.error("mode", "an abstract name (@...) has no file to give a mode");
        }
        return new UnixServerEndpoint(address, mode != null ? mode : UnixServerEndpoint.DEFAULT_MODE,
                arguments.optional("backlog", UnixServerEndpoint.DEFAULT_BACKLOG, EndpointValues::positive));
    }

    /** True when {@code unix=} is given; then none of {@code tcpOnly} may be. */
    private static boolean isOverUnix(EndpointArguments arguments, String... tcpOnly) {
        if (arguments.optional("unix", null, text -> text) == null) {
            return false;
        }
        for (String key : tcpOnly) {
            if (arguments.optional(key, null, text -> text) != null) {
                throw arguments.error(key, "not with unix=, which puts TLS over a Unix socket instead of TCP");
            }
        }
        return true;
    }

    @Override
    public StreamClientEndpoint streamClient(EndpointArguments arguments) {
        arguments.bind("host", "port", "timeout", "trustRoots", "certKey", "privateKey", "alpn", "unix");
        String host = arguments.required("host", EndpointValues::host);
        Duration timeout = arguments.optional("timeout", TcpClientEndpoint.DEFAULT_TIMEOUT, EndpointValues::seconds);
        StreamClientEndpoint plain = isOverUnix(arguments, "port")
                ? new UnixClientEndpoint(arguments.required("unix", EndpointValues::unixPath), timeout)
                : new TcpClientEndpoint(host, arguments.required("port", EndpointValues::connectPort), timeout);
        String certKey = arguments.optional("certKey", null, TlsScheme::path);
        String privateKey = arguments.optional("privateKey", certKey, TlsScheme::path);
        if (certKey == null && privateKey != null) {
            certKey = privateKey;
        }
        return new TlsClientEndpoint(plain, host, arguments.optional("trustRoots", null, TlsScheme::path), certKey, privateKey,
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
