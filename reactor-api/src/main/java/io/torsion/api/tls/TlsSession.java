package io.torsion.api.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a finished TLS handshake agreed on, as a value: the version ({@code TLSv1.3}), the cipher
 * suite ({@code TLS_AES_128_GCM_SHA256}), the ALPN protocol if one was chosen, the peer's
 * certificate chain (leaf first; empty when the peer sent none, as clients usually do), and on a
 * server the host name the client asked for by SNI.
 */
public record TlsSession(
        String protocol,
        String cipherSuite,
        Optional<String> applicationProtocol,
        List<X509Certificate> peerCertificates,
        Optional<String> requestedServerName) {

    public TlsSession {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** The session {@code engine} has just finished negotiating. */
    static TlsSession of(SSLEngine engine) {
        SSLSession session = engine.getSession();
        String alpn = engine.getApplicationProtocol();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // The peer sent none: an anonymous client.
        }
        String sni = engine.getUseClientMode() ? null : IdentityKeyManager.requestedHostName(session);
        return new TlsSession(session.getProtocol(), session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? Optional.empty() : Optional.of(alpn), chain, Optional.ofNullable(sni));
    }
}
