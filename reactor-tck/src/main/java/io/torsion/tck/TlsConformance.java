package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Await.result;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.endpoints.Endpoints;
import io.torsion.api.testing.TestCertificates;
import io.torsion.api.tls.HandshakeListener;
import io.torsion.api.tls.TlsOptions;
import io.torsion.api.tls.TlsSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS over the reactor's plain connections: handshake and data in both versions, what the
 * transport reports, SNI, ALPN, client certificates, close_notify and truncation, the handshake
 * timeout, and every kind of bad input a TLS port meets, each closing only its own connection.
 * The other end is the JDK's {@code SSLSocket}, or torsion's own client where the client is
 * under test; certificates come from {@link TestCertificates}.
 */
public interface TlsConformance extends Kit {

    long TLS_SEED = 0x7150L;

    /** A short handshake timeout for the tests that wait for it; the default (10 s) is checked apart. */
    Duration SHORT_HANDSHAKE_TIMEOUT = Duration.ofMillis(1500);

    /** Makes the certificates before the first test, outside its time limit (keytool is slow on a busy machine). */
    @BeforeAll
    static void makeCertificates() {
        TestCertificates.get();
    }

    default TestCertificates certificates() {
        return TestCertificates.get();
    }

    /** Server options with the localhost certificate. */
    default TlsOptions.Builder tlsServer() {
        return TlsOptions.server(certificates().serverChain(), certificates().serverKey());
    }

    /** Client options trusting the test CA. */
    default TlsOptions.Builder tlsClient() {
        return TlsOptions.client().trustRoots(certificates().caCertificate());
    }

    default ListeningPort listenTls(Factory factory, TlsOptions tls) {
        return call(() -> reactor().listenSsl(new InetSocketAddress("127.0.0.1", 0), factory, tls));
    }

    /** A JDK TLS client trusting the test CA, closed after the test. */
    default TlsClient connectTls(int port, String serverName, Consumer<SSLParameters> tweak) {
        return closeAfter(TlsClient.connect(port, tlsClient().build().sslContext(), serverName, tweak));
    }

    default TlsClient connectTls(int port) {
        return connectTls(port, "localhost", p -> { });
    }

    /** A server protocol that records the session it saw in connectionMade and in handshakeCompleted. */
    final class SessionProbe extends EchoProbe implements HandshakeListener {
        final AtomicReference<Optional<TlsSession>> atMade = new AtomicReference<>();
        final AtomicReference<TlsSession> completed = new AtomicReference<>();
        private final String greeting;

        SessionProbe(Kit kit, String greeting) {
            super(kit, "tls-server", false);
            this.greeting = greeting;
        }

        @Override
        void made() {
            atMade.set(transport.tlsSession());
            if (greeting != null) {
                transport.write(greeting.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void handshakeCompleted(TlsSession session) {
            onReactorThread("handshakeCompleted");
            completed.set(session);
        }
    }

    default ListeningPort listenSessions(List<SessionProbe> sink, TlsOptions tls, String greeting) {
        return listenTls(collecting(sink, () -> new SessionProbe(this, greeting)), tls);
    }

    // ---- the handshake and data ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    @Tag("tls")
    default void echoesOverEachTlsVersionAndConnectionMadeSeesTheSession(String version) throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenSessions(servers, tlsServer().build(), null);
        TlsClient client = connectTls(port.port(), "localhost", p -> p.setProtocols(new String[] {version}));
        int size = 200_000;
        Future<Long> writer = spawn(() -> client.peer.writePattern(TLS_SEED, 0, size));
        assertEquals(result(writer, WAIT), client.peer.readPattern(TLS_SEED, size), "CRC-32 of the echo");
        SessionProbe server = servers.get(0);
        TlsSession session = server.atMade.get().orElseThrow(() -> new AssertionError("no session in connectionMade"));
        assertEquals(version, session.protocol());
        assertEquals(client.tls.getSession().getCipherSuite(), session.cipherSuite());
        assertEquals(session, server.completed.get(), "handshakeCompleted saw the same session");
        assertEquals(List.of(), session.peerCertificates(), "the client sent no certificate");
        assertEquals(Optional.of("localhost"), session.requestedServerName());
    }

    @Test
    @Tag("tls")
    default void alpnPicksTheServersPreferenceAmongWhatTheClientOffers() throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenSessions(servers, tlsServer().applicationProtocols("h2", "http/1.1").build(), "hi");
        TlsClient client = connectTls(port.port(), "localhost",
                p -> p.setApplicationProtocols(new String[] {"http/1.1", "h2"}));
        assertEquals("hi", client.peer.readText(2));
        assertEquals("h2", client.tls.getApplicationProtocol());
        assertEquals(Optional.of("h2"), servers.get(0).atMade.get().orElseThrow().applicationProtocol());
    }

    @Test
    @Tag("tls")
    default void sniSelectsTheCertificateForTheRequestedName() throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        TlsOptions tls = tlsServer()
                .serverName("other.example", certificates().otherHostChain(), certificates().serverKey()).build();
        ListeningPort port = listenSessions(servers, tls, "hi");
        TlsClient other = connectTls(port.port(), "other.example", p -> { });
        assertEquals("hi", other.peer.readText(2));
        X509Certificate otherLeaf = (X509Certificate) other.tls.getSession().getPeerCertificates()[0];
        assertTrue(otherLeaf.getSubjectAlternativeNames().toString().contains("other.example"));
        TlsClient local = connectTls(port.port());
        assertEquals("hi", local.peer.readText(2));
        X509Certificate defaultLeaf = (X509Certificate) local.tls.getSession().getPeerCertificates()[0];
        assertTrue(defaultLeaf.getSubjectAlternativeNames().toString().contains("localhost"));
        awaitMade(servers, 2);
        assertEquals(Optional.of("other.example"), servers.get(0).atMade.get().orElseThrow().requestedServerName());
    }

    @Test
    @Tag("tls")
    default void requiredClientCertificateIsCheckedAndReported() throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        TlsOptions tls = tlsServer().clientAuth(TlsOptions.ClientAuth.REQUIRED)
                .trustRoots(certificates().caCertificate()).build();
        ListeningPort port = listenSessions(servers, tls, "hi");
        SSLContext withCertificate = tlsClient()
                .certificate(certificates().clientChain(), certificates().clientKey()).build().sslContext();
        TlsClient client = closeAfter(TlsClient.connect(port.port(), withCertificate, "localhost", p -> { }));
        assertEquals("hi", client.peer.readText(2));
        List<X509Certificate> chain = servers.get(0).atMade.get().orElseThrow().peerCertificates();
        assertTrue(chain.get(0).getSubjectX500Principal().getName().contains("test client"), chain.toString());

        // Without a certificate the handshake fails (TLS 1.3 clients may hear so only on their first read).
        assertThrows(Exception.class, () -> {
            TlsClient anonymous = connectTls(port.port());
            anonymous.peer.readText(2);
        });
        assertEquals(1, servers.stream().filter(Probe::isMade).count(), "the anonymous client never got in");
    }

    @Test
    @Tag("tls")
    default void optionalClientCertificateLetsAnonymousClientsIn() throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        TlsOptions tls = tlsServer().clientAuth(TlsOptions.ClientAuth.OPTIONAL)
                .trustRoots(certificates().caCertificate()).build();
        ListeningPort port = listenSessions(servers, tls, "hi");
        assertEquals("hi", connectTls(port.port()).peer.readText(2));
        assertEquals(List.of(), servers.get(0).atMade.get().orElseThrow().peerCertificates());
    }

    /** Twisted's order: connectionMade before the handshake, its writes sent once it is done. */
    @Test
    @Tag("tls")
    default void connectionMadeBeforeHandshakeQueuesWritesAndHearsHandshakeCompleted() throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenSessions(servers, tlsServer().connectionMadeBeforeHandshake().build(), "early");
        TlsClient client = connectTls(port.port());
        assertEquals("early", client.peer.readText(5));
        SessionProbe server = servers.get(0);
        assertEquals(Optional.empty(), server.atMade.get(), "no session yet when connectionMade ran");
        await("handshakeCompleted", () -> server.completed.get() != null);
        assertEquals(client.tls.getSession().getProtocol(), server.completed.get().protocol());
    }

    /** Enough data to back up every buffer: reading pauses at the high-water mark and resumes, losing nothing. */
    @Test
    @Tag("tls")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void echoesMegabytesWhileReadingPausesAtHighWater() throws Exception {
        long size = 16L * 1024 * 1024; // more than the kernel buffers on both sides can absorb
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", true)),
                tlsServer().build());
        TlsClient client = connectTls(port.port(), "localhost", p -> { });
        Future<Long> writer = spawn(() -> client.peer.writePattern(TLS_SEED, 0, size));
        await("the echo pauses at its high-water mark (or the client wrote everything)",
                () -> (!servers.isEmpty() && servers.get(0).pausedAfterWrite.get() > 0) || writer.isDone(),
                Duration.ofSeconds(40));
        long readCrc = client.peer.readPattern(TLS_SEED, size);
        assertEquals(result(writer, WAIT), readCrc, "CRC-32 of the echoed data");
        assertTrue(servers.get(0).pausedAfterWrite.get() > 0, "the echo never paused");
        assertTrue(servers.get(0).maxQueued.get() <= DEFAULT_HIGH_WATER + READ_SLACK,
                "queue grew to " + servers.get(0).maxQueued.get());
    }

    // ---- closing ---------------------------------------------------------------------------------

    /**
     * Read beneath the TLS socket (TLS 1.2, whose record types are in the clear): the data record,
     * then the close_notify alert, then end of stream.
     */
    @Test
    @Tag("tls")
    default void loseConnectionSendsCloseNotifyAfterWhatWasWritten() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new Probe(this, "tls-closer")), tlsServer().build());
        TlsClient client = connectTls(port.port(), "localhost", p -> p.setProtocols(new String[] {"TLSv1.2"}));
        Probe server = awaitMade(servers, 1).get(0);
        exec(() -> {
            server.transport().write("bye".getBytes(StandardCharsets.UTF_8));
            server.transport().loseConnection();
        });
        assertEquals(List.of(TlsClient.APPLICATION_DATA, TlsClient.ALERT), client.recordTypesUntilEnd());
        assertInstanceOf(ConnectionDone.class, server.awaitLost());
    }

    @Test
    @Tag("tls")
    default void peerCloseNotifyIsACleanClose() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new Probe(this, "tls-server")), tlsServer().build());
        TlsClient client = connectTls(port.port());
        awaitMade(servers, 1);
        client.tls.close();
        assertInstanceOf(ConnectionDone.class, servers.get(0).awaitLost());
    }

    /**
     * A half-close over TLS is close_notify, and what it means depends on the version: TLS 1.3
     * closes one direction (a half-closeable protocol hears {@code readConnectionLost} and can still
     * answer), TLS 1.2 has no half-close (the peer's close_notify ends both directions, and the
     * protocol hears only {@code connectionLost}).
     */
    @ParameterizedTest
    @CsvSource({"TLSv1.3, 'read 5 bytes\n', 1", "TLSv1.2, '', 0"})
    @Tag("halfclose")
    default void peerHalfCloseIsCloseNotifyAndTls12ClosesBothWays(String version, String answer, int readLost)
            throws Exception {
        List<HalfCloseConformance.HalfCloser> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new HalfCloseConformance.HalfCloser(this, false)),
                tlsServer().build());
        TlsClient client = connectTls(port.port(), "localhost", p -> p.setProtocols(new String[] {version}));
        client.peer.write("12345");
        await("the bytes arrived", () -> !servers.isEmpty() && servers.get(0).receivedBytes.get() == 5);
        client.peer.shutdownOutput();
        assertEquals(answer, new String(client.peer.readToEnd(), StandardCharsets.US_ASCII),
                "what the server wrote after the peer's close_notify, then end of stream");
        assertInstanceOf(ConnectionDone.class, servers.get(0).awaitLost());
        assertEquals(readLost, servers.get(0).readLost.get(), "readConnectionLost calls over " + version);
    }

    @Test
    @Tag("tls")
    default void endOfStreamWithoutCloseNotifyIsReportedAsTruncated() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new Probe(this, "tls-server", true)),
                tlsServer().build());
        TlsClient client = connectTls(port.port());
        client.peer.write("partial");
        await("data arrived", () -> !servers.isEmpty() && servers.get(0).receivedBytes.get() == 7);
        client.closeWithoutCloseNotify();
        ConnectionClosed reason = servers.get(0).awaitLost();
        assertInstanceOf(ConnectionLost.class, reason);
        assertTrue(reason.getMessage().contains("truncated"), reason.getMessage());
    }

    @Test
    @Tag("tls")
    default void abortConnectionSendsNothingMore() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new Probe(this, "tls-aborter")), tlsServer().build());
        TlsClient client = connectTls(port.port(), "localhost", p -> p.setProtocols(new String[] {"TLSv1.2"}));
        Probe server = awaitMade(servers, 1).get(0);
        exec(() -> {
            server.transport().write("queued".getBytes(StandardCharsets.UTF_8));
            server.transport().abortConnection();
        });
        List<Integer> records = client.recordTypesUntilEnd();
        assertFalse(records.contains(TlsClient.ALERT), "abort sent an alert: " + records);
        assertInstanceOf(io.torsion.api.ConnectionAborted.class, server.awaitLost());
    }

    // ---- the handshake timeout ---------------------------------------------------------------------

    @Test
    @Tag("tls")
    default void silentClientIsClosedAtTheHandshakeTimeout() throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new Probe(this, "never-made")),
                tlsServer().handshakeTimeout(SHORT_HANDSHAKE_TIMEOUT).build());
        Peer silent = connect(port.port());
        long start = System.nanoTime();
        silent.readUntilEndOrReset();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMillis >= SHORT_HANDSHAKE_TIMEOUT.toMillis() - 100, "closed after " + waitedMillis + " ms");
    }

    /** A client that trickles its ClientHello, a byte at a time, does not stretch the handshake's limit. */
    @Test
    @Tag("tls")
    default void clientSendingOneByteAtATimeIsClosedAtTheHandshakeTimeout() throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new Probe(this, "never-made")),
                tlsServer().handshakeTimeout(SHORT_HANDSHAKE_TIMEOUT).build());
        Peer slow = connect(port.port());
        byte[] hello = clientHello(tlsClient().build().sslContext());
        long start = System.nanoTime();
        spawn(() -> {
            for (byte b : hello) {
                slow.write(new byte[] {b});
                TimeUnit.MILLISECONDS.sleep(100); // the pace under test, not a wait for something to happen
            }
            return null;
        });
        slow.readUntilEndOrReset();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMillis < hello.length * 100L / 2,
                "closed after " + waitedMillis + " ms; the hello alone takes " + hello.length * 100 + " ms");
    }

    // ---- bad input -----------------------------------------------------------------------------

    @Test
    @Tag("tls")
    default void garbageInsteadOfAClientHelloClosesThatConnectionOnly() throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new EchoProbe(this, "echo", false)), tlsServer().build());
        byte[] garbage = new byte[2048];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x42; // not a TLS content type
        assertClosedAfter(port.port(), garbage);
        assertStillServes(port.port());
    }

    @Test
    @Tag("tls")
    default void plainHttpToATlsPortIsClosed() throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new EchoProbe(this, "echo", false)), tlsServer().build());
        byte[] reply = assertClosedAfter(port.port(),
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertFalse(new String(reply, StandardCharsets.ISO_8859_1).startsWith("HTTP"), "no plain-text answer");
        assertStillServes(port.port());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x4801, 0xFFFF})
    @Tag("tls")
    default void oversizedRecordAfterTheHandshakeClosesWithAReason(int length) throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", false)), tlsServer().build());
        TlsClient client = connectTls(port.port());
        awaitMade(servers, 1);
        byte[] record = new byte[5 + Math.min(length, 20_000)];
        record[0] = 0x17; // application_data
        record[1] = 0x03;
        record[2] = 0x03;
        record[3] = (byte) (length >> 8);
        record[4] = (byte) length;
        client.raw.writeRaw(record);
        ConnectionClosed reason = servers.get(0).awaitLost();
        assertInstanceOf(ConnectionLost.class, reason);
        assertInstanceOf(SSLException.class, reason.getCause(), String.valueOf(reason.getCause()));
        assertStillServes(port.port());
    }

    @Test
    @Tag("tls")
    default void corruptRecordClosesWithAReason() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "tls-echo", false)), tlsServer().build());
        TlsClient client = connectTls(port.port());
        awaitMade(servers, 1);
        client.raw.corruptNextWrite();
        client.peer.write("this record's tag will not verify");
        ConnectionClosed reason = servers.get(0).awaitLost();
        assertInstanceOf(ConnectionLost.class, reason);
        assertInstanceOf(SSLException.class, reason.getCause(), String.valueOf(reason.getCause()));
        assertEquals(0, servers.get(0).receivedBytes.get(), "nothing of the corrupt record was delivered");
        assertStillServes(port.port());
    }

    @Test
    @Tag("tls")
    default void renegotiationOnTls12IsRefused() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "echo", false)), tlsServer().build());
        TlsClient client = connectTls(port.port(), "localhost", p -> p.setProtocols(new String[] {"TLSv1.2"}));
        Loopback.assertEchoes(client.peer, "before");
        assertThrows(IOException.class, () -> {
            client.tls.startHandshake();
            Loopback.assertEchoes(client.peer, "after");
        });
        ConnectionClosed reason = servers.get(0).awaitLost();
        assertTrue(reason.getMessage().contains("renegotiation"), reason.getMessage());
        assertStillServes(port.port());
    }

    @Test
    @Tag("tls")
    default void peerResettingMidHandshakeLeavesTheServerServing() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenTls(collecting(servers, () -> new EchoProbe(this, "echo", false)), tlsServer().build());
        byte[] hello = clientHello(tlsClient().build().sslContext());
        Peer resetter = connect(port.port());
        resetter.write(java.util.Arrays.copyOf(hello, hello.length / 2));
        resetter.reset();
        assertStillServes(port.port());
        assertFalse(servers.get(0).isMade(), "a connection that never finished its handshake was not made");
    }

    // ---- torsion's own client ----------------------------------------------------------------------

    @Test
    @Tag("tls")
    default void connectSslTalksToListenSsl() throws Exception {
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenSessions(servers, tlsServer().applicationProtocols("h2", "http/1.1").build(), "hello");
        RecordingClientFactory factory = new RecordingClientFactory(this);
        TlsOptions tls = tlsClient().applicationProtocols("http/1.1").build();
        exec(() -> reactor().connectSsl("localhost", port.port(), factory, tls, WAIT));
        Probe client = awaitMade(factory.built, 1).get(0);
        await("greeting", () -> new String(client.keptBytes(), StandardCharsets.UTF_8).equals("hello"));
        TlsSession session = call(() -> client.transport().tlsSession().orElseThrow());
        assertEquals(Optional.of("http/1.1"), session.applicationProtocol());
        assertTrue(session.peerCertificates().get(0).getSubjectX500Principal().getName().contains("localhost"));
        exec(() -> client.transport().loseConnection());
        assertInstanceOf(ConnectionDone.class, client.awaitLost());
        await("clientConnectionLost", () -> !factory.losses.isEmpty());
        assertInstanceOf(ConnectionDone.class, factory.losses.get(0));
        assertInstanceOf(ConnectionDone.class, servers.get(0).awaitLost(), "the server heard close_notify");
    }

    /** A client that rejects the server's certificate hears which problem it was. */
    @ParameterizedTest
    @CsvSource({"expired, expired", "wrong-host, wrong host name", "self-signed, unknown issuer"})
    @Tag("tls")
    default void clientRejectingTheCertificateSaysWhy(String which, String phrase) throws Exception {
        Path chain = certificates().directory().resolve(which + ".pem");
        ListeningPort port = listenTls(Factory.forProtocol(() -> new Probe(this, "never-made")),
                TlsOptions.server(chain, certificates().serverKey()).build());
        RecordingClientFactory factory = new RecordingClientFactory(this);
        TlsOptions tls = tlsClient().build();
        exec(() -> reactor().connectSsl("localhost", port.port(), factory, tls, WAIT));
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        Throwable reason = factory.failures.get(0);
        assertInstanceOf(SSLException.class, reason);
        assertTrue(reason.getMessage().contains(phrase), reason.getMessage());
        assertTrue(factory.built.stream().noneMatch(Probe::isMade), "the protocol never heard connectionMade");
    }

    @Test
    @Tag("tls")
    default void hostNameVerificationCanBeTurnedOffExplicitly() throws Exception {
        ListeningPort port = listenTls(Factory.forProtocol(() -> new SessionProbe(this, "ok")),
                TlsOptions.server(certificates().wrongHostChain(), certificates().serverKey()).build());
        RecordingClientFactory factory = new RecordingClientFactory(this);
        TlsOptions tls = tlsClient().withoutHostNameVerification().build();
        exec(() -> reactor().connectSsl("localhost", port.port(), factory, tls, WAIT));
        Probe client = awaitMade(factory.built, 1).get(0);
        await("greeting", () -> client.keptBytes().length == 2);
    }

    @Test
    @Tag("tls")
    default void sslEndpointStringsListenAndConnect() throws Exception {
        TestCertificates c = certificates();
        List<SessionProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = call(() -> Endpoints.serverFromString("ssl:0:interface=127.0.0.1:privateKey="
                + c.serverKey() + ":certKey=" + c.serverChain() + ":alpn=h2").listen(reactor(),
                collecting(servers, () -> new SessionProbe(this, "from an ssl: endpoint"))));
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> Endpoints.clientFromString("ssl:host=localhost:port=" + port.port() + ":trustRoots="
                + c.caCertificate() + ":alpn=h2").connect(reactor(), factory));
        Probe client = awaitMade(factory.built, 1).get(0);
        await("greeting", () -> new String(client.keptBytes(), StandardCharsets.UTF_8).equals("from an ssl: endpoint"));
        assertEquals(Optional.of("h2"), call(() -> client.transport().tlsSession().orElseThrow().applicationProtocol()));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Sends {@code bytes} on a plain connection and expects the server to close it; returns what it sent back. */
    private byte[] assertClosedAfter(int port, byte[] bytes) throws IOException {
        Peer peer = connect(port);
        peer.write(bytes);
        byte[] reply = peer.readUntilClosed();
        if (reply.length > 0) {
            assertEquals(0x15, reply[0], "the only thing a TLS server answers bad input with is an alert");
        }
        return reply;
    }

    /** A fresh TLS client still gets an echo: the bad connection took nothing else down. */
    private void assertStillServes(int port) throws IOException {
        Loopback.assertEchoes(connectTls(port).peer, "still serving");
    }

    /** The first flight of a real JDK client: a ClientHello record. */
    private static byte[] clientHello(SSLContext context) throws SSLException {
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), out);
        assertTrue(r.bytesProduced() > 0, "the engine produced a ClientHello");
        byte[] hello = new byte[out.flip().remaining()];
        out.get(hello);
        return hello;
    }
}
