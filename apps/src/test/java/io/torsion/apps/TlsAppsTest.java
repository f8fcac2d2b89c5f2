package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.testing.TestCertificates;
import io.torsion.api.tls.TlsOptions;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled apps over TLS: servers listen on {@code ssl:} endpoints, the line client connects to one. */
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
            assertEquals("currently 1 open connections\r\nhello\nworld\n", client.readRest());
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }
}
