package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionDone;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.tls.TlsOptions;
import io.torsion.api.tls.TlsSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS against implementations nobody on this project wrote: OpenSSL's {@code s_client} and
 * {@code s_server} in both versions with ALPN, Python's {@code ssl} module (which also insists on
 * close_notify), and {@code curl} fetching a page from a small HTTPS server.
 */
public interface TlsInteropConformance extends TlsConformance {

    Duration PROGRAM_TIMEOUT = Duration.ofSeconds(20);

    /** Echoes the first line back, then closes: the shape a one-shot command-line client expects. */
    final class LineThenClose extends Probe {
        final AtomicReference<TlsSession> session = new AtomicReference<>();
        private final StringBuilder line = new StringBuilder();

        LineThenClose(Kit kit) {
            super(kit, "line-then-close");
        }

        @Override
        void received(ByteBuffer data) {
            while (data.hasRemaining()) {
                char c = (char) data.get();
                line.append(c);
                if (c == '\n') {
                    session.set(transport.tlsSession().orElseThrow());
                    transport.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    transport.loseConnection();
                    return;
                }
            }
        }
    }

    /** The small HTTPS example: answers any request with one short page and closes. */
    final class HelloPage extends Probe {
        static final String BODY = "hello over TLS\n";
        private final StringBuilder request = new StringBuilder();

        HelloPage(Kit kit) {
            super(kit, "hello-page");
        }

        @Override
        void received(ByteBuffer data) {
            request.append(StandardCharsets.ISO_8859_1.decode(data));
            if (request.indexOf("\r\n\r\n") >= 0) {
                transport.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
                        + "\r\nConnection: close\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
                transport.loseConnection();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    @Tag("tls-interop")
    default void opensslClientTalksToListenSsl(String flag, String version) throws Exception {
        List<LineThenClose> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new LineThenClose(this)),
                tlsServer().applicationProtocols("h2", "http/1.1").build());
        External.Result r = External.run(PROGRAM_TIMEOUT, "hello from openssl\n", "openssl", "s_client",
                "-connect", "127.0.0.1:" + port.port(), "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", certificates().caCertificate().toString(), "-verify_return_error", "-alpn", "h2",
                flag, "-quiet", "-ign_eof");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hello from openssl\n", r.out(), r.toString());
        TlsSession session = servers.get(0).session.get();
        assertEquals(version, session.protocol());
        assertEquals(Optional.of("h2"), session.applicationProtocol());
        assertInstanceOf(ConnectionDone.class, servers.get(0).awaitLost());
    }

    @ParameterizedTest
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    @Tag("tls-interop")
    default void connectSslTalksToOpensslServer(String flag, String version) throws Exception {
        try (External server = External.start("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-cert", certificates().serverChain().toString(), "-key", certificates().serverKey().toString(),
                flag, "-alpn", "h2", "-rev", "-naccept", "1")) {
            String accept = server.awaitLine("ACCEPT", PROGRAM_TIMEOUT);
            int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1).trim());
            RecordingClientFactory factory = new RecordingClientFactory(this);
            TlsOptions tls = tlsClient().applicationProtocols("h2").build();
            exec(() -> reactor().connectSsl("localhost", port, factory, tls, WAIT));
            Probe client = awaitMade(factory.built, 1).get(0);
            TlsSession session = call(() -> client.transport().tlsSession().orElseThrow());
            assertEquals(version, session.protocol());
            assertEquals(Optional.of("h2"), session.applicationProtocol());
            exec(() -> client.transport().write("hello\n".getBytes(StandardCharsets.UTF_8)));
            await("s_server's reversed line", () -> new String(client.keptBytes(), StandardCharsets.UTF_8).equals("olleh\n"));
            exec(() -> client.transport().loseConnection());
            client.awaitLost();
        }
    }

    /**
     * Python verifies the host name, and with {@code suppress_ragged_eofs=False} reads past the
     * data only if close_notify came: a bare end of stream would raise {@code SSLEOFError}.
     */
    @Test
    @Tag("tls-interop")
    default void pythonClientVerifiesTheHostAndGetsCloseNotify() throws Exception {
        List<LineThenClose> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new LineThenClose(this)), tlsServer().build());
        String script = String.join("\n",
                "import socket, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[2])",
                "with socket.create_connection(('127.0.0.1', int(sys.argv[1]))) as raw:",
                "    with ctx.wrap_socket(raw, server_hostname='localhost', suppress_ragged_eofs=False) as s:",
                "        s.sendall(b'ping from python\\n')",
                "        data = b''",
                "        while True:",
                "            chunk = s.recv(4096)",
                "            if not chunk:",
                "                break",
                "            data += chunk",
                "        print(s.version(), data.decode().strip())",
                "");
        External.Result r = External.run(PROGRAM_TIMEOUT, "", "python3", "-c", script,
                String.valueOf(port.port()), certificates().caCertificate().toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("TLSv1.3 ping from python", r.out().trim(), r.toString());
    }

    /**
     * A reactor stop ends each TLS connection with close_notify before the socket closes: Python
     * (with {@code suppress_ragged_eofs=False}) reads a clean end, where a bare close would raise
     * {@code SSLEOFError}.
     */
    @Test
    @Tag("tls-interop")
    default void reactorStopSendsCloseNotifyToAPythonClient() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", false)), tlsServer().build());
        String script = String.join("\n",
                "import socket, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[2])",
                "with socket.create_connection(('127.0.0.1', int(sys.argv[1]))) as raw:",
                "    with ctx.wrap_socket(raw, server_hostname='localhost', suppress_ragged_eofs=False) as s:",
                "        s.sendall(b'waiting for the stop\\n')",
                "        try:",
                "            while s.recv(4096):",
                "                pass",
                "            print('clean end')",
                "        except ssl.SSLEOFError as e:",
                "            print('truncated', e)",
                "");
        try (External python = External.start("python3", "-c", script, String.valueOf(port.port()),
                certificates().caCertificate().toString())) {
            await("the client's line", () -> !servers.isEmpty() && servers.get(0).receivedBytes.get() == 21);
            reactor().stop();
            awaitRunReturned();
            External.Result r = python.awaitExit(PROGRAM_TIMEOUT);
            assertEquals("clean end", r.out().trim(), r.toString());
        }
        assertInstanceOf(ConnectionDone.class, servers.get(0).awaitLost());
    }

    /** The same against {@code openssl s_client}: it hears the close_notify alert, and no unexpected end of stream. */
    @Test
    @Tag("tls-interop")
    default void reactorStopSendsCloseNotifyToOpensslClient() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", false)), tlsServer().build());
        try (External openssl = External.start("openssl", "s_client", "-connect", "127.0.0.1:" + port.port(),
                "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", certificates().caCertificate().toString(), "-verify_return_error", "-msg", "-ign_eof")) {
            openssl.writeLine("waiting for the stop");
            await("the client's line", () -> !servers.isEmpty() && servers.get(0).receivedBytes.get() == 21);
            reactor().stop();
            awaitRunReturned();
            External.Result r = openssl.awaitExit(PROGRAM_TIMEOUT);
            assertTrue(r.out().contains("close_notify"), "s_client heard close_notify: " + r);
            assertFalse(r.err().contains("unexpected eof"), "s_client saw the stream end without close_notify: " + r);
        }
        assertInstanceOf(ConnectionDone.class, servers.get(0).awaitLost());
    }

    @Test
    @Tag("tls-interop")
    default void pythonClientRejectsACertificateForAnotherHost() throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new LineThenClose(this)),
                TlsOptions.server(certificates().wrongHostChain(), certificates().serverKey()).build());
        String script = String.join("\n",
                "import socket, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[2])",
                "try:",
                "    with socket.create_connection(('127.0.0.1', int(sys.argv[1]))) as raw:",
                "        ctx.wrap_socket(raw, server_hostname='localhost')",
                "    print('accepted')",
                "except ssl.SSLCertVerificationError as e:",
                "    print('rejected', e.verify_message)",
                "");
        External.Result r = External.run(PROGRAM_TIMEOUT, "", "python3", "-c", script,
                String.valueOf(port.port()), certificates().caCertificate().toString());
        assertTrue(r.out().startsWith("rejected") && r.out().contains("mismatch"), r.toString());
    }

    /** curl's own choice of version (TLS 1.3 here), and TLS 1.2 by capping it. */
    @ParameterizedTest
    @ValueSource(strings = {"--tlsv1.2", "--tls-max 1.2"})
    @Tag("tls-interop")
    default void curlFetchesAPageOverHttps(String versionFlags) throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new HelloPage(this)),
                tlsServer().applicationProtocols("http/1.1").build());
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--http1.1",
                "--cacert", certificates().caCertificate().toString()));
        command.addAll(List.of(versionFlags.split(" ")));
        command.add("https://localhost:" + port.port() + "/");
        External.Result r = External.run(PROGRAM_TIMEOUT, "", command.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(HelloPage.BODY, r.out(), r.toString());
    }
}
