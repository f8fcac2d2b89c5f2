package io.torsion.api.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM files with the JDK alone: certificate chains, and
 * keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
 * ({@code EC PRIVATE KEY}). Every failure names the file and what was wrong with it.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    /** Key algorithms a PKCS#8 block may hold, tried in turn. */
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private Pem() {
    }

    /** One {@code BEGIN}/{@code END} block: its label and decoded bytes. */
    private record Block(String label, String body) {
    }

    /** Every certificate in {@code file}, in order (a chain: leaf first). */
    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(file)) {
            if (block.label.equals("CERTIFICATE")) {
                certificates.add(certificate(file, decode(file, block)));
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The one private key in {@code file}. */
    static PrivateKey privateKey(Path file) {
        PrivateKey key = null;
        for (Block block : blocks(file)) {
            PrivateKey found = switch (block.label) {
                case "PRIVATE KEY" -> pkcs8(file, decode(file, block));
                case "RSA PRIVATE KEY" -> traditional(file, block, () -> pkcs1(decode(file, block)), "RSA");
                case "EC PRIVATE KEY" -> traditional(file, block, () -> sec1(file, decode(file, block)), "EC");
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(file
                        + " holds an encrypted private key; decrypt it first"
                        + " (openssl pkcs8 -topk8 -nocrypt -in KEY -out PLAIN)");
                default -> null;
            };
            if (found != null) {
                if (key != null) {
                    throw new IllegalArgumentException(file + " holds more than one private key");
                }
                key = found;
            }
        }
        if (key == null) {
            throw new IllegalArgumentException(file + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY"
                    + " or EC PRIVATE KEY)");
        }
        return key;
    }

    /** Fails unless {@code key} is the private half of {@code certificate}'s public key. */
    static void checkPair(PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "torsion key pair check".getBytes(StandardCharsets.US_ASCII);
        PublicKey publicKey = certificate.getPublicKey();
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key in " + keyFile + " (" + key.getAlgorithm()
                    + ") does not belong to the first certificate in " + certFile + " ("
                    + certificate.getSubjectX500Principal().getName() + ", " + publicKey.getAlgorithm() + " key)");
        }
    }

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    private static byte[] decode(Path file, Block block) {
        if (block.body.contains("Proc-Type:")) {
            throw new IllegalArgumentException(file + ": the " + block.label + " block is encrypted; decrypt it"
                    + " first (openssl pkey -in KEY -out PLAIN)");
        }
        try {
            return Base64.getMimeDecoder().decode(block.body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the " + block.label + " block is not valid base64", e);
        }
    }

    private static X509Certificate certificate(Path file, byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds a certificate the JDK cannot parse: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new IllegalArgumentException(file + " holds a PKCS#8 private key of no algorithm the JDK reads"
                + " (tried RSA, EC, Ed25519, Ed448, RSASSA-PSS), or a corrupt one");
    }

    /** A traditional OpenSSL key, rewrapped as PKCS#8. */
    private interface Rewrap {
        byte[] toPkcs8();
    }

    private static PrivateKey traditional(Path file, Block block, Rewrap rewrap, String algorithm) {
        byte[] pkcs8;
        try {
            pkcs8 = rewrap.toPkcs8();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the " + block.label + " block is malformed: " + e.getMessage(), e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": the " + block.label + " block is not a valid key: "
                    + e.getMessage(), e);
        }
    }

    /** PKCS#1 RSAPrivateKey (RFC 8017 A.1.2) is PKCS#8's inner key as it stands. */
    private static byte[] pkcs1(byte[] der) {
        Der.Element key = Der.read(der, 0, der.length);
        if (key.tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        return Der.pkcs8(Der.RSA_ENCRYPTION, Der.element(Der.NULL), der);
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915): SEQUENCE { version, privateKey, [0] curve, [1] publicKey }. PKCS#8
     * wants the curve in the algorithm identifier, so it is lifted out of the [0] field.
     */
    private static byte[] sec1(Path file, byte[] der) {
        Der.Element key = Der.read(der, 0, der.length);
        if (key.tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        for (Der.Element field = key.firstChild(); field != null; field = key.next(field)) {
            if (field.tag() == Der.CONTEXT_0) {
                Der.Element curve = field.firstChild();
                if (curve.tag() != Der.OID) {
                    throw new IllegalArgumentException("the curve is not given by name");
                }
                return Der.pkcs8(Der.EC_PUBLIC_KEY, Der.element(Der.OID, curve.contents()), der);
            }
        }
        throw new IllegalArgumentException("the key does not name its curve (" + file + " needs the [0] parameters field)");
    }
}
