package io.torsion.api.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user gets from {@link TlsOptions}: the defaults, and a clear answer for every bad file. */
class TlsOptionsTest {

    private static final TestCertificates certs = TestCertificates.get();

    @TempDir
    Path tmp;

    @Test
    void serverDefaultsAreTls13And12WithForwardSecretAeadSuitesAndNoClientCertificate() {
        TlsOptions server = TlsOptions.server(certs.serverChain(), certs.serverKey()).build();
        SSLEngine engine = server.newEngine(null, 0);
        assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.of(engine.getEnabledProtocols()));
        assertFalse(engine.getUseClientMode());
        assertFalse(engine.getNeedClientAuth());
        assertFalse(engine.getWantClientAuth());
        for (String suite : engine.getEnabledCipherSuites()) {
            assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                    || (suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("CHACHA20"))),
                    "weak suite enabled by default: " + suite);
        }
        assertTrue(Arrays.asList(engine.getEnabledCipherSuites()).contains("TLS_AES_128_GCM_SHA256"));
        assertEquals(Duration.ofSeconds(10), server.handshakeTimeout());
        assertTrue(server.connectionMadeAfterHandshake());
    }

    @Test
    void clientVerifiesHostNameAndSendsSniByDefault() {
        SSLEngine engine = TlsOptions.client().build().newEngine("localhost", 443);
        assertTrue(engine.getUseClientMode());
        assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertEquals(1, engine.getSSLParameters().getServerNames().size());
        SSLEngine byAddress = TlsOptions.client().build().newEngine("127.0.0.1", 443);
        assertEquals("HTTPS", byAddress.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertTrue(byAddress.getSSLParameters().getServerNames() == null
                || byAddress.getSSLParameters().getServerNames().isEmpty(), "no SNI for an IP literal");
    }

    @Test
    void olderProtocolVersionsCannotBeEnabled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.client().protocols("TLSv1.1", "TLSv1.2"));
        assertTrue(e.getMessage().contains("TLSv1.1"), e.getMessage());
    }

    @Test
    void requiredClientCertificatesNeedTrustRoots() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TlsOptions.server(certs.serverChain(), certs.serverKey())
                        .clientAuth(TlsOptions.ClientAuth.REQUIRED).build());
        assertTrue(e.getMessage().contains("trustRoots"), e.getMessage());
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsRefusedNamingBothFiles() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.server(certs.serverChain(), certs.clientKey()));
        assertTrue(e.getMessage().contains("does not belong") && e.getMessage().contains(certs.clientKey().toString())
                && e.getMessage().contains(certs.serverChain().toString()), e.getMessage());
    }

    @Test
    void fileThatIsNotPemIsRefused() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.pem"), "this is not a certificate\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.server(junk, certs.serverKey()));
        assertTrue(e.getMessage().contains("not a PEM file") && e.getMessage().contains("junk.pem"), e.getMessage());
    }

    @Test
    void keyFileWithoutAKeyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.server(certs.serverChain(), certs.serverChain()));
        assertTrue(e.getMessage().contains("no PEM private key"), e.getMessage());
    }

    @Test
    void corruptKeyIsRefused() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad-key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.server(certs.serverChain(), bad));
        assertTrue(e.getMessage().contains("PKCS#8") && e.getMessage().contains("bad-key.pem"), e.getMessage());
    }

    @Test
    void encryptedKeyIsRefusedWithHowToDecryptIt() throws IOException {
        Path encrypted = Files.writeString(tmp.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.server(certs.serverChain(), encrypted));
        assertTrue(e.getMessage().contains("encrypted") && e.getMessage().contains("openssl"), e.getMessage());
    }

    @Test
    void missingFileSaysWhichFile() {
        Path missing = tmp.resolve("missing.pem");
        Exception e = assertThrows(RuntimeException.class, () -> TlsOptions.server(missing, certs.serverKey()));
        assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    }

    /** OpenSSL's traditional formats: PKCS#1 for RSA, SEC1 (with its EC PARAMETERS block) for EC. */
    @Test
    void readsPkcs1RsaAndSec1EcKeysWrittenByOpenssl() throws Exception {
        Path rsaKey = tmp.resolve("rsa.pem");
        Path rsaCert = tmp.resolve("rsa-cert.pem");
        openssl("genrsa", "-traditional", "-out", rsaKey.toString(), "2048");
        assertTrue(Files.readString(rsaKey).contains("BEGIN RSA PRIVATE KEY"));
        selfSign(rsaKey, rsaCert);
        TlsOptions.server(rsaCert, rsaKey).build();

        Path ecKey = tmp.resolve("ec.pem");
        Path ecCert = tmp.resolve("ec-cert.pem");
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", ecKey.toString());
        assertTrue(Files.readString(ecKey).contains("BEGIN EC PRIVATE KEY"));
        selfSign(ecKey, ecCert);
        TlsOptions.server(ecCert, ecKey).build();

        // A PKCS#1 key that belongs to another certificate is still caught.
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.server(ecCert, rsaKey));
    }

    private void selfSign(Path key, Path cert) throws Exception {
        openssl("req", "-x509", "-key", key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost",
                "-days", "1");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + output);
    }
}
