package io.torsion.api.tls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.testing.EverySplit;
import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import io.torsion.api.testing.TestCertificates;
import io.torsion.fuzz.Chunkings;
import io.torsion.fuzz.FrameScript;
import io.torsion.fuzz.FuzzInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The TLS layer's record handling, server side, through the transport: what the plain transport
 * delivers is fed to the layer as a reactor would, and the engine's delegated tasks are handed back
 * to the test thread as to the reactor's.
 *
 * <ul>
 *   <li>{@link #handshakeBytesNeverEscapeOrLeak}: arbitrary bytes (garbage, or a mutated client
 *       hello from the corpus) before any handshake. Nothing escapes to the reactor, the
 *       application never hears a byte, and every cut of the input ends the same way.</li>
 *   <li>{@link #damagedRecordsDeliverOnlyWhatIsIntact}: after a real handshake, a client's records
 *       of fuzzed plaintext, with fuzzed bytes flipped and cut at fuzzed places. The application
 *       hears a prefix of what was sent, all of it when nothing was flipped, and the connection
 *       closes when a record does not authenticate.</li>
 * </ul>
 */
class TlsRecordsFuzzTest {

    private static final TestCertificates certs = TestCertificates.get();
    private static final TlsOptions SERVER = TlsOptions.server(certs.serverChain(), certs.serverKey()).build();
    private static final TlsOptions CLIENT = TlsOptions.client().trustRoots(certs.caCertificate()).build();

    /** Settings: none; the input is the byte stream a client sends before any handshake. */
    @FuzzTest
    void handshakeBytesNeverEscapeOrLeak(byte[] data) {
        Chunkings.sameOutcome(data, Arrays.hashCode(data), (input, cut) -> {
            Side server = new Side(SERVER, null);
            EverySplit.feed(chunk -> server.receive(chunk), input, cut.offsets(), cut.direct());
            FrameScript.check(server.app.got.size() == 0, "the application heard bytes without a handshake");
            FrameScript.check(server.plain.queuedBytes() <= 64 * 1024, server.plain.queuedBytes() + " bytes queued");
            return server.app.made + " " + server.plain.isDisconnecting() + " " + server.plain.isAborted();
        });
    }

    /**
     * Settings: records (1 to 8), then per record a length byte (times 37), then flips (0 to 7),
     * each two bytes of position and one of mask; the rest seeds the plaintext and the cuts.
     */
    @FuzzTest
    void damagedRecordsDeliverOnlyWhatIsIntact(byte[] data) throws InterruptedException {
        FuzzInput in = new FuzzInput(data);
        int records = 1 + in.choose(8);
        ManualClock clock = new ManualClock();
        Side server = new Side(SERVER, null, clock);
        Side client = new Side(CLIENT, "localhost", clock);
        handshake(client, server);
        SplittableRandom random = new SplittableRandom(in.seed());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            byte[] plaintext = new byte[in.nextByte() * 37];
            random.nextBytes(plaintext);
            sent.writeBytes(plaintext);
            client.tls.write(plaintext);
        }
        byte[] wire = client.plain.value();
        client.plain.clear();
        int flips = in.choose(8);
        boolean damaged = false;
        for (int i = 0; i < flips && wire.length > 0; i++) {
            int at = ((in.nextByte() << 8) | in.nextByte()) % wire.length;
            int mask = in.nextByte() | 1;
            wire[at] ^= (byte) mask;
            damaged = true;
        }
        int[] cuts = Chunkings.of(wire.length, in.seed()).get(2 + in.choose(2)).offsets();
        EverySplit.feed(chunk -> server.receive(chunk), wire, cuts, random.nextBoolean());
        byte[] got = server.app.got.toByteArray();
        byte[] expected = sent.toByteArray();
        FrameScript.check(got.length <= expected.length && Arrays.equals(got, 0, got.length, expected, 0, got.length),
                "the application heard bytes that were not sent");
        FrameScript.check(damaged || got.length == expected.length, "intact records were not all delivered");
        FrameScript.check(damaged || server.plain.isOpen(), "intact records closed the connection");
        FrameScript.check(server.app.lost <= 1, "connectionLost heard " + server.app.lost + " times");
    }

    private static void handshake(Side client, Side server) throws InterruptedException {
        for (int round = 0; !(client.app.made && server.app.made); round++) {
            FrameScript.check(round < 100, "the handshake did not finish");
            carry(client, server);
            carry(server, client);
        }
        carry(client, server); // anything the client still had to say about the handshake
    }

    private static void carry(Side from, Side to) {
        byte[] bytes = from.plain.value();
        from.plain.clear();
        if (bytes.length > 0) {
            to.receive(ByteBuffer.wrap(bytes));
        }
    }

    /** Keeps what it hears and counts how often it hears the end. */
    private static final class Sink extends BaseProtocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean made;
        int lost;

        @Override
        public void connectionMade() {
            made = true;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            FrameScript.check(lost == 0, "data after connectionLost");
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            got.writeBytes(bytes);
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            lost++;
        }
    }

    /** One end: the layer over a string transport, its delegated tasks handed back to this thread. */
    private static final class Side {
        final LinkedBlockingQueue<Runnable> handedBack = new LinkedBlockingQueue<>();
        final StringTransport plain;
        final Sink app = new Sink();
        final TlsTransport tls;

        Side(TlsOptions options, String host) {
            this(options, host, new ManualClock());
        }

        Side(TlsOptions options, String host, ManualClock clock) {
            plain = new StringTransport(clock);
            tls = new TlsTransport(handedBack::add, options, options.newEngine(host, 443), app);
            plain.attach(tls.lower());
        }

        /** What a reactor does with one read: deliver it, run what is handed back, finish a close. */
        void receive(ByteBuffer chunk) {
            if (!plain.isOpen()) {
                return;
            }
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            plain.receive(bytes);
            try {
                while (tls.awaitingTask() || !handedBack.isEmpty()) {
                    Runnable task = handedBack.poll(30, TimeUnit.SECONDS);
                    FrameScript.check(task != null, "a delegated task was never handed back");
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (plain.isDisconnecting() && !plain.isClosed() && (plain.isAborted() || plain.queuedBytes() == 0)) {
                plain.loseConnectionNow();
            }
        }
    }
}
