package io.torsion.api.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the certificates read from PEM. A server picks by the host name the client asked for
 * (SNI): an exact, case-insensitive match among the names configured, else the default identity.
 * A client has one identity and presents it when asked.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {

    /** One certificate chain (leaf first) with its private key. */
    record Identity(X509Certificate[] chain, PrivateKey key) {
    }

    /** The alias of the default identity: a client's only one, a server's for clients without a match. */
    static final String DEFAULT = "";

    private final Map<String, Identity> byHostName;

    /** {@code byHostName} maps lower-case host names, and {@link #DEFAULT}, to identities. */
    IdentityKeyManager(Map<String, Identity> byHostName) {
        this.byHostName = Map.copyOf(byHostName);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String requested = requestedHostName(engine.getHandshakeSession());
        String alias = requested != null && byHostName.containsKey(requested) ? requested : DEFAULT;
        return fits(alias, keyType) ? alias : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(DEFAULT, keyType) ? DEFAULT : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        for (String keyType : keyTypes) {
            if (fits(DEFAULT, keyType)) {
                return DEFAULT;
            }
        }
        return null;
    }

    /** The SNI host name of {@code handshake}, lower-cased, or null when the client sent none. */
    static String requestedHostName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) {
            return null;
        }
        List<SNIServerName> names = extended.getRequestedServerNames();
        for (SNIServerName name : names) {
            if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                return ((SNIHostName) name).getAsciiName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Whether the key under {@code alias} can sign for {@code keyType} ("RSA", "RSASSA-PSS", "EC", "EC_EC", ...). */
    private boolean fits(String alias, String keyType) {
        Identity identity = byHostName.get(alias);
        if (identity == null) {
            return false;
        }
        String algorithm = identity.key().getAlgorithm();
        return keyType.startsWith(algorithm) || (algorithm.equals("RSA") && keyType.equals("RSASSA-PSS"))
                || (algorithm.startsWith("Ed") && keyType.equals("EdDSA"));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return byHostName.keySet().stream().filter(a -> fits(a, keyType)).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(DEFAULT, keyType) ? new String[] {DEFAULT} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Identity identity = byHostName.get(alias);
        return identity == null ? null : identity.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Identity identity = byHostName.get(alias);
        return identity == null ? null : identity.key();
    }
}
