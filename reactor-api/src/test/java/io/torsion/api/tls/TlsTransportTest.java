package io.torsion.api.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionLost;
import io.torsion.api.PushProducer;
import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import io.torsion.api.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layer between two test transports, with the bytes carried across in chunks of a chosen
 * size: every way a record can be split between reads, pausing in the middle of a read, and the
 * handshake timeout on a manual clock. No sockets, so every split is deterministic.
 */
class TlsTransportTest {

    private static final TestCertificates certs = TestCertificates.get();

    /** Tasks handed back to "the reactor thread", which is the test thread here. */
    private final LinkedBlockingQueue<Runnable> handedBack = new LinkedBlockingQueue<>();
    private final ManualClock clock = new ManualClock();

    /** Keeps what it receives; can pause itself after a given number of bytes. */
    static final class Sink extends BaseProtocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        long pauseAfter = Long.MAX_VALUE;
        ConnectionClosed lost;
        boolean made;

        @Override
        public void connectionMade() {
            made = true;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            assertFalse(transport.isPaused(), "data delivered while paused");
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.writeBytes(b);
            if (got.size() >= pauseAfter) {
                pauseAfter = Long.MAX_VALUE;
                transport.pauseProducing();
            }
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            lost = reason;
        }
    }

    /** One side: the layer over a string transport. */
    final class Side {
        final StringTransport plain = new StringTransport(clock);
        final Sink app = new Sink();
        final TlsTransport tls;

        Side(TlsOptions options, String host) {
            tls = new TlsTransport(handedBack::add, options, options.newEngine(host, 443), app);
        }

        void start() {
            plain.attach(tls.lower());
        }
    }

    private Side server;
    private Side client;

    private void connect() {
        server = new Side(TlsOptions.server(certs.serverChain(), certs.serverKey()).build(), null);
        client = new Side(TlsOptions.client().trustRoots(certs.caCertificate()).build(), "localhost");
        server.start();
        client.start();
    }

    /** Carries bytes both ways in chunks of {@code chunk} and runs handed-back tasks until {@code done}. */
    private void shuttle(int chunk, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            boolean moved = carry(client.plain, server.plain, chunk) | carry(server.plain, client.plain, chunk);
            clock.advance(Duration.ZERO);
            Runnable task = handedBack.poll(moved ? 0 : 10, TimeUnit.MILLISECONDS);
            if (task != null) {
                task.run();
            }
            assertTrue(System.nanoTime() < deadline, "no progress within 20 s");
        }
    }

    private static boolean carry(StringTransport from, StringTransport to, int chunk) {
        byte[] bytes = from.value();
        if (bytes.length == 0) {
            return false;
        }
        from.clear();
        for (int off = 0; off < bytes.length; off += chunk) {
            to.receive(java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + chunk)));
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100, 4096, 16_709, 16_710, 40_000, 1 << 20})
    void recordsSplitAnywhereBetweenReadsArriveIntact(int chunk) throws Exception {
        connect();
        shuttle(chunk, () -> server.app.made && client.app.made);
        byte[] data = new byte[100_000];
        new Random(chunk).nextBytes(data);
        for (int off = 0; off < data.length; off += 7_000) {
            server.tls.write(ByteBuffer.wrap(data, off, Math.min(7_000, data.length - off)));
        }
        shuttle(chunk, () -> client.app.got.size() >= data.length);
        assertArrayEquals(data, client.app.got.toByteArray());
    }

    @Test
    void pausingInTheMiddleOfAReadHoldsTheRestUntilResume() throws Exception {
        connect();
        shuttle(1 << 20, () -> server.app.made && client.app.made);
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        client.app.pauseAfter = 10_000;
        server.tls.write(data);
        shuttle(1 << 20, () -> client.tls.isPaused());
        int seen = client.app.got.size();
        shuttle(1 << 20, () -> server.plain.value().length == 0);
        assertEquals(seen, client.app.got.size(), "nothing delivered while paused");
        client.tls.resumeProducing();
        shuttle(1 << 20, () -> client.app.got.size() >= data.length);
        assertArrayEquals(data, client.app.got.toByteArray());
    }

    @Test
    void handshakeTimesOutOnTheClockAndTheProtocolIsNeverMade() throws Exception {
        server = new Side(TlsOptions.server(certs.serverChain(), certs.serverKey()).build(), null);
        server.start();
        server.plain.receive(new byte[] {0x16, 0x03, 0x01}); // a hello that never finishes
        clock.advance(TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT.minusMillis(1));
        assertFalse(server.plain.isAborted(), "still within the limit");
        clock.advance(Duration.ofMillis(1));
        assertTrue(server.plain.isAborted(), "aborted at the limit");
        assertFalse(server.app.made);
        assertTrue(server.tls.outcome() == null || server.tls.outcome().getMessage().contains("did not finish"));
    }

    @Test
    void loseConnectionWritesCloseNotifyAfterTheData() throws Exception {
        connect();
        shuttle(1 << 20, () -> server.app.made && client.app.made);
        server.tls.write("last words".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        server.tls.loseConnection();
        assertTrue(server.plain.isDisconnecting(), "the plain transport is closing after close_notify");
        carry(server.plain, client.plain, 1 << 20);
        assertEquals("last words", client.app.got.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(client.plain.isDisconnecting(), "the client answered close_notify and is closing too");
    }

    /** Writes {@code size} random bytes (seeded with {@code seed}) to {@code path} and returns them. */
    private static byte[] fileOf(Path path, int size, long seed) throws Exception {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        Files.write(path, content);
        return content;
    }

    @Test
    void aFileOverTlsCountsForTheWaterMarksAndIsReadAsTheQueueBeneathDrains(@TempDir Path dir) throws Exception {
        connect();
        shuttle(1 << 20, () -> server.app.made && client.app.made);
        byte[] content = fileOf(dir.resolve("f"), 1 << 20, 7);
        int[] pausesAndResumes = new int[2];
        server.tls.registerProducer(new PushProducer() {
            @Override
            public void pauseProducing() {
                pausesAndResumes[0]++;
            }

            @Override
            public void resumeProducing() {
                pausesAndResumes[1]++;
            }

            @Override
            public void stopProducing() {
            }
        });
        server.plain.setWritesBlocked(true); // the peer reads nothing for now
        try (FileChannel file = FileChannel.open(dir.resolve("f"))) {
            CompletableFuture<Long> sent = server.tls.sendFile(file, 0, content.length).toCompletableFuture();
            assertEquals(1, pausesAndResumes[0], "the application's producer paused by the file's bytes at once");
            assertTrue(server.tls.isWriteBufferFull());
            for (int turn = 0; turn < 10; turn++) {
                clock.advance(Duration.ZERO);
            }
            long beneath = server.plain.queuedBytes();
            assertTrue(beneath > 0 && beneath <= 16 * 1024 + io.torsion.api.FileSender.CHUNK_SIZE + 256,
                    "pieces are read only while the queue beneath is at the low mark: " + beneath);
            assertTrue(server.tls.queuedBytes() >= content.length, "the unread rest still counts: " + server.tls.queuedBytes());
            assertEquals(0, pausesAndResumes[1]);

            server.plain.setWritesBlocked(false);
            shuttle(1 << 20, () -> client.app.got.size() >= content.length);
            assertArrayEquals(content, client.app.got.toByteArray());
            assertEquals(content.length, sent.get(0, TimeUnit.SECONDS));
            assertEquals(1, pausesAndResumes[1], "resumed once the file was out");
            assertFalse(server.tls.isWriteBufferFull());
        }
    }

    @Test
    void aFileShorterThanItsCountLosesTheConnectionAfterWhatItHadWithoutCloseNotify(@TempDir Path dir) throws Exception {
        connect();
        shuttle(1 << 20, () -> server.app.made && client.app.made);
        byte[] content = fileOf(dir.resolve("f"), 50_000, 8);
        try (FileChannel file = FileChannel.open(dir.resolve("f"))) {
            CompletableFuture<Long> sent = server.tls.sendFile(file, 0, content.length + 1000L).toCompletableFuture();
            server.tls.write("after the file".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            shuttle(1 << 20, () -> sent.isDone());
            Throwable why = assertThrows(ExecutionException.class, sent::get).getCause();
            assertInstanceOf(ConnectionLost.class, why, "the stage fails with the connection's reason");
            assertInstanceOf(EOFException.class, why.getCause());
            assertTrue(server.plain.isDisconnecting() && !server.plain.isAborted(), "what was encrypted goes out first");
            shuttle(1 << 20, () -> client.app.got.size() >= content.length);
            assertArrayEquals(content, client.app.got.toByteArray(), "the file's bytes, and not what was written after");
            assertFalse(client.plain.isDisconnecting(), "no close_notify came: the peer did not answer one");
            server.plain.loseConnectionNow();
            assertInstanceOf(ConnectionLost.class, server.app.lost);
            assertInstanceOf(EOFException.class, server.app.lost.getCause());
        }
    }
}
