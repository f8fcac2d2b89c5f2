package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.TestCertificates;
import io.torsion.api.tls.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled apps over TLS: servers listen on {@code ssl:} endpoints (over TCP and Unix sockets), the line client connects to one. */
@Timeout(90)
class TlsAppsTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";

    @TempDir
    Path dir;

    private static TestCertificates certs() {
        return TestCertificates.get();
    }

    private static String sslServer() {
        return "ssl:0:interface=127.0.0.1:privateKey=" + certs().serverKey() + ":certKey=" + certs().serverChain();
    }

    private static SSLContext trustingTheTestCa() {
        return TlsOptions.client().trustRoots(certs().caCertificate()).build().sslContext();
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void echoServerSpeaksItsWireTextOverTls(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.startOn(backend, sslServer(), new EchoServer(true, false));
                WireClient client = WireClient.connectTls(server.port(), trustingTheTestCa())) {
            client.expect("currently 1 open connections");
            client.send("hello\r\n").expect("hello");
        }
    }

    /** The client reads its standard input until it ends, sends close_notify, and prints what the echo sent back. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void lineClientConnectsWithAnSslEndpoint(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.startOn(backend, sslServer(), new EchoServer(true, false));
                Child client = Child.start(dir, "client", "ssl:host=localhost:port=" + server.port()
                        + ":trustRoots=" + certs().caCertificate(), "--reactor", backend)) {
            client.stdin().write("hello\nworld\n".getBytes(UTF_8));
            client.stdin().close();
            assertEquals("currently 1 open connections\r\nhello\r\nworld\r\n", client.readRest(), "lines end in CRLF");
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    /**
     * {@code --listen ssl:unix=PATH:...} and the client's {@code ssl:host=localhost:unix=PATH}, both as
     * processes: TLS over a Unix socket from the command line, the certificate checked for {@code host}.
     */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void echoServerAndLineClientSpeakTlsOverAUnixSocket(String backend) throws Exception {
        Path socket = dir.resolve("tls.sock");
        String listen = "ssl:unix=" + socket + ":privateKey=" + certs().serverKey() + ":certKey=" + certs().serverChain();
        try (Child server = Child.start(dir, "echo", "--listen", listen, "--reactor", backend)) {
            String ready = server.readLine();
            assertTrue(ready != null && ready.contains("unix:" + socket), "ready line: " + ready + "\n" + server.stderr());
            try (Child client = Child.start(dir, "client", "ssl:host=localhost:unix=" + socket
                    + ":trustRoots=" + certs().caCertificate(), "--reactor", backend)) {
                client.stdin().write("over unix\n".getBytes(UTF_8));
                client.stdin().close();
                assertEquals("currently 1 open connections\r\nover unix\r\n", client.readRest());
                assertEquals(0, client.exitCode(), client.stderr());
            }
            server.terminate();
            assertEquals(0, server.exitCode(), server.stderr());
            assertFalse(Files.exists(socket), "socket file left after a clean stop");
        }
    }

    /** A client whose host the server's certificate does not name is refused by the handshake, and says so. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void lineClientOverAUnixSocketChecksTheCertificatesHost(String backend) throws Exception {
        Path socket = dir.resolve("tls.sock");
        String listen = "ssl:unix=" + socket + ":privateKey=" + certs().serverKey() + ":certKey=" + certs().serverChain();
        try (Child server = Child.start(dir, "echo", "--listen", listen, "--reactor", backend)) {
            String ready = server.readLine();
            assertTrue(ready != null && ready.contains("unix:" + socket), "ready line: " + ready + "\n" + server.stderr());
            try (Child client = Child.start(dir, "client", "ssl:host=elsewhere.example:unix=" + socket
                    + ":trustRoots=" + certs().caCertificate(), "--reactor", backend)) {
                client.stdin().close();
                assertEquals("", client.readRest(), "nothing read over a refused handshake");
                assertNotEquals(0, client.exitCode(), "exit code of a client whose handshake failed");
                assertTrue(client.stderr().contains("wrong host"), client.stderr());
            }
            server.terminate();
            assertEquals(0, server.exitCode(), server.stderr());
        }
    }
}
