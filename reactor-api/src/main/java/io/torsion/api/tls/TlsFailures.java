package io.torsion.api.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns the JDK's TLS exceptions into a sentence that says what went wrong in words a user acts
 * on: above all, for a rejected certificate, whether it expired, names another host or comes from
 * an issuer nobody trusts.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    /** A one-line reason for {@code e}, seen on a connection to or from {@code peer}. */
    static String describe(SSLException e, Object peer) {
        String why = certificateProblem(e);
        String what = e instanceof SSLHandshakeException ? "TLS handshake with " : "TLS error on the connection with ";
        return what + peer + " failed: " + (why != null ? why + " (" + e.getMessage() + ")" : e.getMessage());
    }

    private static String certificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "the peer's certificate expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the peer's certificate is not valid yet";
            }
            if (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "the peer's certificate expired";
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("No subject alternative") || m.contains("No name matching")) {
                return "the peer's certificate is for the wrong host name";
            }
            if (m.contains("unable to find valid certification path")) {
                return "the peer's certificate is from an unknown issuer";
            }
        }
        return null;
    }
}
