package io.torsion.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away certificates for tests, made at test time with the JDK's {@code keytool} in a fresh
 * temporary directory (never committed, deleted when the JVM exits): a test CA, and certificates
 * it signed for {@code localhost}/{@code 127.0.0.1}, for another host name, for the wrong host, one
 * already expired, one self-signed by an issuer nobody trusts, and one for a client. Keys are EC
 * P-256, written as PKCS#8 PEM; chains as PEM, leaf first.
 *
 * <p>{@link #get()} makes them once per JVM (keytool runs take a few seconds) and shares them.
 */
public final class TestCertificates {

    private static final String PASSWORD = "throwaway";
    private static final String LOCALHOST = "SAN=dns:localhost,ip:127.0.0.1";
    private static volatile TestCertificates shared;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** The certificates for this JVM, made on first use. */
    public static TestCertificates get() {
        TestCertificates c = shared;
        if (c == null) {
            synchronized (TestCertificates.class) {
                c = shared;
                if (c == null) {
                    c = make();
                    shared = c;
                }
            }
        }
        return c;
    }

    /** The directory the files are in. */
    public Path directory() {
        return dir;
    }

    /** The test CA's certificate: the trust root for everything below except {@link #selfSignedChain()}. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The private key of every server certificate here (PKCS#8 PEM). */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** localhost and 127.0.0.1, signed by the CA: chain of leaf and CA. */
    public Path serverChain() {
        return dir.resolve("server.pem");
    }

    /** {@code other.example}, signed by the CA, same key: for SNI. */
    public Path otherHostChain() {
        return dir.resolve("other.pem");
    }

    /** {@code wrong.example} only, signed by the CA, same key: a client connecting to localhost rejects it. */
    public Path wrongHostChain() {
        return dir.resolve("wrong-host.pem");
    }

    /** localhost, signed by the CA, same key, but valid for one day three days ago. */
    public Path expiredChain() {
        return dir.resolve("expired.pem");
    }

    /** localhost, self-signed, same key: from an issuer no test trusts. */
    public Path selfSignedChain() {
        return dir.resolve("self-signed.pem");
    }

    /** A client certificate ({@code CN=test client}), signed by the CA. */
    public Path clientChain() {
        return dir.resolve("client.pem");
    }

    /** The client certificate's private key (PKCS#8 PEM). */
    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    private static TestCertificates make() {
        try {
            Path dir = Files.createTempDirectory("torsion-test-certs-");
            deleteOnExit(dir);
            TestCertificates c = new TestCertificates(dir);
            c.generate();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make test certificates", e);
        }
    }

    private void generate() throws IOException {
        try {
            generateStores();
            writeFiles();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read what keytool made", e);
        }
    }

    /** Every keytool run, in order, as one batch. */
    private List<List<String>> keytoolRuns() {
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=torsion test CA", "-ext", "bc:c", "-validity", "3", "-keystore", store("ca")));
        for (String name : List.of("server", "client")) {
            List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", "key", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", "3", "-keystore", store(name)));
            generate.addAll(name.equals("server") ? List.of("-dname", "CN=localhost", "-ext", LOCALHOST)
                    : List.of("-dname", "CN=test client"));
            runs.add(generate);
            runs.add(List.of("-certreq", "-alias", "key", "-keystore", store(name), "-file", file(name + ".csr")));
        }
        runs.add(sign("server", "server.csr", "-ext", LOCALHOST, "-validity", "2"));
        runs.add(sign("other", "server.csr", "-ext", "SAN=dns:other.example", "-validity", "2"));
        runs.add(sign("wrong-host", "server.csr", "-ext", "SAN=dns:wrong.example", "-validity", "2"));
        runs.add(sign("expired", "server.csr", "-ext", LOCALHOST, "-startdate", "-3d", "-validity", "1"));
        runs.add(sign("client", "client.csr", "-validity", "2"));
        List<List<String>> complete = new ArrayList<>();
        for (List<String> run : runs) {
            List<String> args = new ArrayList<>(run);
            args.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12", "-noprompt"));
            complete.add(args);
        }
        return complete;
    }

    private List<String> sign(String name, String csr, String... extra) {
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca"),
                "-infile", file(csr), "-outfile", file(name + ".crt"), "-rfc"));
        args.addAll(List.of(extra));
        return args;
    }

    /**
     * Runs keytool's own entry point once per command in one child JVM ({@link #main}): a JVM start
     * per keytool command costs seconds on a busy machine, and there are ten of them.
     */
    private void generateStores() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "--add-exports", "java.base/sun.security.tools.keytool=ALL-UNNAMED",
                "-cp", classPath(), TestCertificates.class.getName()));
        for (List<String> run : keytoolRuns()) {
            command.add(String.join("\u001F", run));
        }
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (exit " + p.exitValue() + "): "
                        + Files.readString(dir.resolve("keytool.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String classPath() {
        try {
            return Path.of(TestCertificates.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The child JVM: each argument is one keytool command line, its words separated by the ASCII unit separator. keytool's
     * {@code main} exits the JVM only when a command fails, so one JVM runs them all.
     */
    public static void main(String[] commands) throws Exception {
        java.lang.reflect.Method keytool = Class.forName("sun.security.tools.keytool.Main")
                .getMethod("main", String[].class);
        for (String command : commands) {
            keytool.invoke(null, (Object) command.split("\u001F"));
        }
    }

    private void writeFiles() throws IOException, GeneralSecurityException {
        Certificate caCert = load("ca").getCertificate("ca");
        writePem(caCertificate(), "CERTIFICATE", List.of(der(caCert)));
        for (String name : List.of("server", "other", "wrong-host", "expired", "client")) {
            Path leaf = dir.resolve(name + ".crt");
            Files.writeString(dir.resolve(name + ".pem"), Files.readString(leaf) + pem("CERTIFICATE", der(caCert)));
        }
        KeyStore serverStore = load("server");
        writePem(selfSignedChain(), "CERTIFICATE", List.of(der(serverStore.getCertificate("key"))));
        writePem(serverKey(), "PRIVATE KEY", List.of(key(serverStore).getEncoded()));
        writePem(clientKey(), "PRIVATE KEY", List.of(key(load("client")).getEncoded()));
    }

    private String store(String name) {
        return file(name + ".p12");
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private KeyStore load(String name) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(dir.resolve(name + ".p12"))) {
                store.load(in, PASSWORD.toCharArray());
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + name + ".p12", e);
        }
    }

    private static PrivateKey key(KeyStore store) throws IOException {
        try {
            return (PrivateKey) store.getKey("key", PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the private key", e);
        }
    }

    private static byte[] der(Certificate certificate) throws IOException {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode " + certificate, e);
        }
    }

    private static void writePem(Path file, String label, List<byte[]> blocks) throws IOException {
        StringBuilder text = new StringBuilder();
        for (byte[] der : blocks) {
            text.append(pem(label, der));
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }));
    }
}
