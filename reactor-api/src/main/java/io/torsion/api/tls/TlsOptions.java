package io.torsion.api.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one side of a TLS connection behaves: its certificates, whom it trusts, what it offers. Built
 * once with {@link #server(Path, Path)}, {@link #client()} or from an {@link SSLContext} the caller
 * already has, then shared by every connection (it is immutable and thread-safe).
 *
 * <p><b>Defaults</b>, chosen so that a reviewer need change nothing:
 * <ul>
 *   <li>TLS 1.3 and 1.2 only; older versions cannot be enabled.</li>
 *   <li>Cipher suites: the JDK's enabled suites that have forward secrecy and authenticated
 *       encryption (TLS 1.3's, and ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2).</li>
 *   <li>Clients trust the JDK's default trust store, verify the server's host name as HTTPS does
 *       and send it as SNI (unless it is an IP literal).</li>
 *   <li>Servers ask for no client certificate.</li>
 *   <li>The handshake must finish within 10 s of the connection being made.</li>
 *   <li>A protocol's {@code connectionMade} runs once the handshake is done, so a plain-text
 *       protocol runs over TLS unchanged.</li>
 * </ul>
 */
public final class TlsOptions {

    /** The only versions torsion speaks: older ones have known attacks and no forward secrecy by design. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** How long a handshake may take by default, counted from the connection being made. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** Whether and how a server asks the client for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** Asked for; a client without one is let in, a client with an untrusted one is not. */
        OPTIONAL,
        /** Asked for and required: a client without a trusted certificate fails the handshake. */
        REQUIRED
    }

    private final SSLContext context;
    private final boolean client;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final List<String> applicationProtocols;
    private final ClientAuth clientAuth;
    private final boolean verifyHostName;
    private final Duration handshakeTimeout;
    private final boolean connectionMadeAfterHandshake;
    private final String expectedHostName;

    private TlsOptions(Builder b, SSLContext context) {
        this.context = context;
        this.client = b.client;
        this.protocols = List.copyOf(b.protocols);
        this.cipherSuites = b.cipherSuites == null ? null : List.copyOf(b.cipherSuites);
        this.applicationProtocols = List.copyOf(b.applicationProtocols);
        this.clientAuth = b.clientAuth;
        this.verifyHostName = b.verifyHostName;
        this.handshakeTimeout = b.handshakeTimeout;
        this.connectionMadeAfterHandshake = b.connectionMadeAfterHandshake;
        this.expectedHostName = b.expectedHostName;
    }

    /**
     * A server presenting the certificate chain in {@code certificateChain} (PEM, leaf first) with
     * the private key in {@code privateKey} (PEM: PKCS#8, PKCS#1 or SEC1, unencrypted). The files are
     * read now; a missing file, a malformed block or a key that does not belong to the certificate
     * fails here with a message that says which.
     */
    public static Builder server(Path certificateChain, Path privateKey) {
        Builder b = new Builder(false);
        b.identities.put(IdentityKeyManager.DEFAULT, identity(certificateChain, privateKey));
        return b;
    }

    /** A server whose certificates, trust and randomness come from {@code context}. */
    public static Builder server(SSLContext context) {
        Builder b = new Builder(false);
        b.context = Objects.requireNonNull(context, "context");
        return b;
    }

    /** A client trusting the JDK's default trust store, with host name verification on. */
    public static Builder client() {
        return new Builder(true);
    }

    /** A client whose trust, certificates and randomness come from {@code context}. */
    public static Builder client(SSLContext context) {
        Builder b = new Builder(true);
        b.context = Objects.requireNonNull(context, "context");
        return b;
    }

    /** True for client options, false for server options. */
    public boolean isClient() {
        return client;
    }

    /** The handshake's time limit, counted from the connection being made (or from {@code startTls}). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** True (the default) when {@code connectionMade} waits for the handshake; false for Twisted's order. */
    public boolean connectionMadeAfterHandshake() {
        return connectionMadeAfterHandshake;
    }

    /** The ALPN protocols offered (client) or accepted in preference order (server); empty for none. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /**
     * The host name a client checks the server's certificate against and sends as SNI: the one
     * given to {@link Builder#expectedHostName}, else {@code connectedTo} (the host connected to).
     */
    public String hostNameFor(String connectedTo) {
        return expectedHostName != null ? expectedHostName : connectedTo;
    }

    /** The context connections are made from: for code that needs an {@code SSLSocket} or an engine of its own. */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * A new engine for one connection. {@code peerHost} is the name the client connects to (used for
     * host name verification and SNI), null on a server.
     */
    SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols.toArray(String[]::new));
        p.setCipherSuites(cipherSuites != null ? cipherSuites.toArray(String[]::new) : strongSuites(engine));
        if (!applicationProtocols.isEmpty()) {
            p.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        if (client) {
            if (verifyHostName) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (peerHost != null && !isIpLiteral(peerHost)) {
                p.setServerNames(List.of(new SNIHostName(peerHost)));
            }
        } else {
            p.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
            if (clientAuth == ClientAuth.OPTIONAL) {
                p.setWantClientAuth(true);
            }
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** The JDK's enabled suites with forward secrecy and authenticated encryption. */
    private static String[] strongSuites(SSLEngine engine) {
        return Arrays.stream(engine.getEnabledCipherSuites())
                .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_")
                        || (s.startsWith("TLS_ECDHE_") && (s.contains("_GCM_") || s.contains("_CHACHA20_"))))
                .toArray(String[]::new);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    @Override
    public String toString() {
        return "TlsOptions[" + (client ? "client" : "server") + ", " + protocols
                + (applicationProtocols.isEmpty() ? "" : ", alpn=" + applicationProtocols)
                + (client ? (verifyHostName ? "" : ", no host name verification") : ", clientAuth=" + clientAuth) + "]";
    }

    /** Reads a chain and its key from PEM, checking that they belong together. */
    private static IdentityKeyManager.Identity identity(Path chainFile, Path keyFile) {
        List<X509Certificate> chain = Pem.certificates(chainFile);
        PrivateKey key = Pem.privateKey(keyFile);
        Pem.checkPair(key, chain.get(0), keyFile, chainFile);
        return new IdentityKeyManager.Identity(chain.toArray(X509Certificate[]::new), key);
    }

    /** Collects the options; {@link #build()} checks them and makes the {@link SSLContext}. */
    public static final class Builder {

        private final boolean client;
        private SSLContext context;
        /** The server's identities by SNI host name; "" is the default one. A client's own certificate is "". */
        private final Map<String, IdentityKeyManager.Identity> identities = new LinkedHashMap<>();
        private List<X509Certificate> trustRoots;
        private List<String> protocols = PROTOCOLS;
        private List<String> cipherSuites;
        private List<String> applicationProtocols = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean verifyHostName = true;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private boolean connectionMadeAfterHandshake = true;
        private String expectedHostName;

        private Builder(boolean client) {
            this.client = client;
        }

        /**
         * Server: presents this chain and key to clients that ask for {@code hostName} by SNI (exact,
         * case-insensitive match); other clients get the default certificate.
         */
        public Builder serverName(String hostName, Path certificateChain, Path privateKey) {
            requireServer("serverName");
            requireOwnKeys("serverName");
            identities.put(hostName.toLowerCase(Locale.ROOT), identity(certificateChain, privateKey));
            return this;
        }

        /** Client: presents this certificate chain and key when the server asks for one. */
        public Builder certificate(Path certificateChain, Path privateKey) {
            if (!client) {
                throw new IllegalStateException("a server's certificate is given to TlsOptions.server(...)");
            }
            requireOwnKeys("certificate");
            identities.put(IdentityKeyManager.DEFAULT, identity(certificateChain, privateKey));
            return this;
        }

        /**
         * Trusts only the certificates in {@code pem} as roots: on a client, for the server's chain
         * (instead of the JDK's trust store); on a server, for client certificates.
         */
        public Builder trustRoots(Path pem) {
            requireOwnKeys("trustRoots");
            trustRoots = Pem.certificates(pem);
            return this;
        }

        /** Server: asks for client certificates (see {@link ClientAuth}); needs {@link #trustRoots} unless NONE. */
        public Builder clientAuth(ClientAuth mode) {
            requireServer("clientAuth");
            clientAuth = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** ALPN: the protocols offered (client) or accepted, most preferred first (server). */
        public Builder applicationProtocols(String... names) {
            applicationProtocols = List.of(names);
            return this;
        }

        /** Restricts the versions to a non-empty subset of {@link #PROTOCOLS}. */
        public Builder protocols(String... versions) {
            List<String> chosen = List.of(versions);
            if (chosen.isEmpty() || !PROTOCOLS.containsAll(chosen)) {
                throw new IllegalArgumentException("TLS versions must be a non-empty subset of " + PROTOCOLS
                        + ", got " + chosen);
            }
            protocols = chosen;
            return this;
        }

        /** Replaces the default cipher suites with exactly these (JDK names). */
        public Builder cipherSuites(String... suites) {
            if (suites.length == 0) {
                throw new IllegalArgumentException("at least one cipher suite is needed");
            }
            cipherSuites = List.of(suites);
            return this;
        }

        /**
         * Client: turns off checking that the server's certificate names the host connected to. Only
         * for tests and private networks where names are meaningless; the chain is still verified.
         */
        public Builder withoutHostNameVerification() {
            if (!client) {
                throw new IllegalStateException("host name verification is a client option");
            }
            verifyHostName = false;
            return this;
        }

        /**
         * Client: the name the server's certificate must carry, and the SNI sent, whatever the
         * connection's address says. Needed where the address has no host name: {@code startTls} on
         * a connection made to an IP address, a Unix domain socket. Default: the host connected to.
         */
        public Builder expectedHostName(String hostName) {
            if (!client) {
                throw new IllegalStateException("expectedHostName is a client option");
            }
            expectedHostName = java.util.Objects.requireNonNull(hostName, "hostName");
            return this;
        }

        /** The handshake's time limit (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
            }
            handshakeTimeout = timeout;
            return this;
        }

        /**
         * Twisted's order: {@code connectionMade} runs as soon as the TCP connection is up, and what
         * the protocol writes before the handshake finishes is sent after it. A protocol that
         * implements {@link HandshakeListener} learns when the handshake is done.
         */
        public Builder connectionMadeBeforeHandshake() {
            connectionMadeAfterHandshake = false;
            return this;
        }

        /** Checks the options and makes the shared {@link SSLContext}. */
        public TlsOptions build() {
            if (!client && clientAuth != ClientAuth.NONE && trustRoots == null && context == null) {
                throw new IllegalStateException("clientAuth " + clientAuth + " needs trustRoots(...) for client certificates");
            }
            return new TlsOptions(this, context != null ? context : newContext());
        }

        private SSLContext newContext() {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(keyManagers(), trustManagers(), null);
                return ctx;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
        }

        private KeyManager[] keyManagers() {
            return identities.isEmpty() ? null : new KeyManager[] {new IdentityKeyManager(identities)};
        }

        private TrustManager[] trustManagers() throws GeneralSecurityException, java.io.IOException {
            if (trustRoots == null) {
                return null;
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (X509Certificate root : trustRoots) {
                store.setCertificateEntry("root-" + n++, root);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            return tmf.getTrustManagers();
        }

        private void requireServer(String what) {
            if (client) {
                throw new IllegalStateException(what + " is a server option");
            }
        }

        private void requireOwnKeys(String what) {
            if (context != null) {
                throw new IllegalStateException(what + " cannot be combined with an SSLContext of your own");
            }
        }
    }
}
