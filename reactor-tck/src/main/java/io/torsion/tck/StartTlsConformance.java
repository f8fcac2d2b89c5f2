package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ListeningPort;
import io.torsion.api.testing.TestCertificates;
import io.torsion.api.tls.HandshakeListener;
import io.torsion.api.tls.TlsFactories;
import io.torsion.api.tls.TlsOptions;
import io.torsion.api.tls.TlsSession;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TLS over the kit's kind of socket (TCP over IPv4 and IPv6, Unix domain sockets), torsion on both
 * ends: a TLS connection from the start through the wrapping factories, and a plain connection
 * switched to TLS mid-stream with {@code startTls}, also against {@code openssl s_client -starttls smtp}.
 * In a TLS kind the connections from the start are the kit's own, and the switch runs over the
 * plain socket beneath ({@link SocketKind#plain()}); a switch on a connection already over TLS is
 * refused on every kind.
 */
public interface StartTlsConformance extends Kit {

    @BeforeAll
    static void makeCertificates() {
        TestCertificates.get();
    }

    default TlsOptions serverTls() {
        TestCertificates c = TestCertificates.get();
        return TlsOptions.server(c.serverChain(), c.serverKey()).build();
    }

    default TlsOptions clientTls() {
        return TlsOptions.client().trustRoots(TestCertificates.get().caCertificate()).expectedHostName("localhost").build();
    }

    /** Listens on a fresh plain socket of the kit's kind (beneath TLS, for a TLS kind). */
    default ListeningPort listenPlain(io.torsion.api.Factory factory) {
        SocketKind plain = kind().plain();
        return call(() -> plain.listen(reactor(), plain.freshAddress(this), factory));
    }

    /** Listens with TLS from the first byte: the kit's own listener in a TLS kind, else wrapped. */
    default ListeningPort listenOverTls(io.torsion.api.Factory factory) {
        return listen(kind().isTls() ? factory : TlsFactories.server(reactor(), factory, serverTls()));
    }

    /** A client factory that speaks TLS from the first byte through {@link #connectClient}. */
    default io.torsion.api.ClientFactory clientOverTls(io.torsion.api.ClientFactory factory) {
        return kind().isTls() ? factory : TlsFactories.client(reactor(), factory, clientTls(), "localhost", 0);
    }

    /** Reads lines; before the switch it answers a small SMTP dialogue, after it echoes. */
    final class StartTlsServer extends Probe implements HandshakeListener {
        final AtomicReference<TlsSession> session = new AtomicReference<>();
        final StringBuffer plainText = new StringBuffer();
        final StringBuffer overTls = new StringBuffer();
        private final TlsOptions tls;
        private final StringBuilder line = new StringBuilder();
        private boolean switched;

        StartTlsServer(Kit kit, TlsOptions tls) {
            super(kit, "starttls-server");
            this.tls = tls;
        }

        @Override
        void made() {
            transport.write("220 torsion ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        void received(ByteBuffer data) {
            while (data.hasRemaining()) {
                char c = (char) data.get();
                line.append(c);
                if (c == '\n') {
                    lineReceived(line.toString());
                    line.setLength(0);
                }
            }
        }

        private void lineReceived(String text) {
            if (switched) {
                overTls.append(text);
                transport.write(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            plainText.append(text);
            String command = text.trim().toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO")) {
                transport.write("250-torsion\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (command.equals("STARTTLS")) {
                // Written before the switch: it must leave in plain text, ahead of the handshake.
                transport.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
                switched = true;
                transport.startTls(tls, true);
            }
        }

        @Override
        public void handshakeCompleted(TlsSession s) {
            onReactorThread("handshakeCompleted");
            session.set(s);
        }
    }

    /** Says EHLO and STARTTLS in plain text, switches on "220 go ahead", then sends a secret. */
    final class StartTlsClient extends Probe implements HandshakeListener {
        final AtomicReference<TlsSession> session = new AtomicReference<>();
        final StringBuffer overTls = new StringBuffer();
        private final TlsOptions tls;
        private final StringBuilder line = new StringBuilder();
        private boolean switched;

        StartTlsClient(Kit kit, TlsOptions tls) {
            super(kit, "starttls-client");
            this.tls = tls;
        }

        @Override
        void received(ByteBuffer data) {
            while (data.hasRemaining()) {
                char c = (char) data.get();
                line.append(c);
                if (c == '\n') {
                    String text = line.toString();
                    line.setLength(0);
                    if (switched) {
                        overTls.append(text);
                    } else if (text.startsWith("220 torsion")) {
                        transport.write("EHLO me\r\nSTARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else if (text.startsWith("220 go ahead")) {
                        switched = true;
                        transport.startTls(tls, false);
                        transport.write("secret\r\n".getBytes(StandardCharsets.US_ASCII)); // held until the handshake
                    }
                }
            }
        }

        @Override
        public void handshakeCompleted(TlsSession s) {
            onReactorThread("handshakeCompleted");
            session.set(s);
        }
    }

    @Test
    @Tag("tls")
    default void startTlsSwitchesAPlainConnectionMidStream() throws Exception {
        List<StartTlsServer> servers = new CopyOnWriteArrayList<>();
        TlsOptions server = serverTls();
        ListeningPort port = listenPlain(collecting(servers, () -> new StartTlsServer(this, server)));
        List<StartTlsClient> clients = new CopyOnWriteArrayList<>();
        TlsOptions client = clientTls();
        io.torsion.api.ClientFactory factory = peer -> {
            StartTlsClient c = new StartTlsClient(this, client);
            clients.add(c);
            return c;
        };
        exec(() -> kind().plain().connect(reactor(), port.address(), factory, WAIT));
        await("the secret came back over TLS", () -> !clients.isEmpty() && clients.get(0).overTls.toString().equals("secret\r\n"));
        StartTlsServer s = servers.get(0);
        assertEquals("EHLO me\r\nSTARTTLS\r\n", s.plainText.toString(), "what the server read in plain text");
        assertEquals("secret\r\n", s.overTls.toString(), "what the server read over TLS");
        assertTrue(s.session.get() != null && clients.get(0).session.get() != null, "both heard handshakeCompleted");
        assertEquals(s.session.get().cipherSuite(), clients.get(0).session.get().cipherSuite());
        assertTrue(call(() -> clients.get(0).transport().tlsSession().isPresent()), "the client's transport reports TLS");
        assertTrue(kind().transportType().isInstance(s.transport()), "the server's protocol still holds its " + kind() + " transport");
    }

    @Test
    @Tag("tls")
    default void tlsFromTheStartOverThisKindOfSocket() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenOverTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", true)));
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> connectClient(port.address(), clientOverTls(factory), WAIT));
        Probe client = awaitMade(factory.built, 1).get(0);
        byte[] data = Pattern.bytes(0x515L, 0, 300_000);
        exec(() -> client.transport().write(data));
        await("the echo", () -> client.receivedBytes.get() == data.length);
        assertTrue(java.util.Arrays.equals(data, client.keptBytes()), "echoed bytes");
        assertTrue(kind().transportType().isInstance(client.transport()), "a TLS " + kind() + " connection is still a " + kind().transportType().getSimpleName());
        assertEquals(TlsOptions.PROTOCOLS.get(0), call(() -> servers.get(0).transport().tlsSession().orElseThrow().protocol()));
    }

    /** OpenSSL's own STARTTLS client speaks SMTP's dialogue, then TLS, over TCP or a Unix socket. */
    @Test
    @Tag("tls-interop")
    default void opensslStartTlsSmtpClientSwitchesToTls() throws Exception {
        List<StartTlsServer> servers = new CopyOnWriteArrayList<>();
        TlsOptions server = serverTls();
        ListeningPort port = listenPlain(collecting(servers, () -> new StartTlsServer(this, server)));
        List<String> command = new ArrayList<>(List.of("openssl", "s_client"));
        if (port.address() instanceof UnixDomainSocketAddress unix) {
            command.addAll(List.of("-unix", unix.getPath().toString()));
        } else {
            java.net.InetAddress address = ((java.net.InetSocketAddress) port.address()).getAddress();
            String host = address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
            command.addAll(List.of("-connect", host + ":" + port.port()));
        }
        command.addAll(List.of("-starttls", "smtp", "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", TestCertificates.get().caCertificate().toString(), "-verify_return_error", "-quiet"));
        try (External openssl = External.start(command.toArray(String[]::new))) {
            await("the STARTTLS handshake", () -> !servers.isEmpty() && servers.get(0).session.get() != null);
            openssl.writeLine("over tls");
            await("the line, read over TLS", () -> servers.get(0).overTls.toString().startsWith("over tls"));
            assertTrue(servers.get(0).plainText.toString().toUpperCase(Locale.ROOT).contains("STARTTLS"));
        }
    }

    @Test
    @Tag("tls")
    default void startTlsOnAConnectionAlreadyOverTlsIsRefusedAndItGoesOn() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenOverTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", true)));
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> connectClient(port.address(), clientOverTls(factory), WAIT));
        Probe client = awaitMade(factory.built, 1).get(0);
        EchoProbe server = awaitMade(servers, 1).get(0);
        IllegalStateException refused = call(() -> assertThrows(IllegalStateException.class,
                () -> server.transport().startTls(serverTls(), true)));
        assertTrue(refused.getMessage().contains("TLS is already on"), "the refusal says why: " + refused.getMessage());
        exec(() -> client.transport().write("still here".getBytes(StandardCharsets.US_ASCII)));
        await("the echo after the refused switch", () -> client.receivedBytes.get() == 10);
    }
}
