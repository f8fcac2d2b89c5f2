package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionLost;
import io.torsion.api.FileSender;
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.ListeningPort;
import io.torsion.api.PushProducer;
import io.torsion.api.Transport;
import io.torsion.api.testing.TestCertificates;
import io.torsion.api.tls.TlsFactories;
import io.torsion.api.tls.TlsOptions;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Files through a connection: {@code Transport.sendFile} (zero-copy where the backend can) in order
 * with the writes around it, under the water marks, before a half-close or a close, and over TLS;
 * and {@link FileSender}, the pull producer that streams a file through the write queue.
 */
public interface SendFileConformance extends Kit {

    long FILE_SEED = 0xF11EL;
    /** Bytes of another pattern ahead of the part sent, so that sending from a position is tested. */
    int SKIP = 7;
    byte[] HEAD = "HEAD\n".getBytes(StandardCharsets.US_ASCII);
    byte[] TAIL = "TAIL\n".getBytes(StandardCharsets.US_ASCII);

    /** A file of {@link #SKIP} bytes, then {@code size} bytes of pattern {@link #FILE_SEED}. */
    private Path patternFile(int size) throws IOException {
        Path file = scratch().resolve("file-" + size);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(Pattern.bytes(~FILE_SEED, 0, SKIP));
            for (int done = 0; done < size; ) {
                int n = Math.min(1 << 20, size - done);
                out.write(Pattern.bytes(FILE_SEED, done, n));
                done += n;
            }
        }
        return file;
    }

    /**
     * On connectionMade: writes {@link #HEAD}, sends the file by {@code send} (sendFile or a
     * FileSender), writes {@link #TAIL}, then does {@code after} (close, half-close, nothing).
     * Records the stage's outcome and the producer's pauses and resumes.
     */
    final class FileServer extends Probe implements HalfCloseableProtocol {
        final AtomicLong sent = new AtomicLong(-1);
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        final AtomicLong maxQueued = new AtomicLong();
        final AtomicReference<String> readAfterHalfClose = new AtomicReference<>("");
        private final Path path;
        private final BiFunction<Transport, FileChannel, CompletionStage<Long>> send;
        private final java.util.function.Consumer<Transport> after;
        private final boolean ordered;
        private FileChannel channel;

        /** {@code ordered}: the sender keeps its place among later writes (else TAIL waits for its stage). */
        FileServer(Kit kit, Path path, boolean ordered, BiFunction<Transport, FileChannel, CompletionStage<Long>> send,
                java.util.function.Consumer<Transport> after) {
            super(kit, "file-server");
            this.path = path;
            this.ordered = ordered;
            this.send = send;
            this.after = after;
        }

        @Override
        void made() {
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            transport.registerProducer(new PushProducer() {
                @Override
                public void pauseProducing() {
                    maxQueued.accumulateAndGet(transport.queuedBytes(), Math::max); // before the count the test waits on
                    pauses.incrementAndGet();
                }

                @Override
                public void resumeProducing() {
                    resumes.incrementAndGet();
                }
            });
            transport.write(HEAD);
            send.apply(transport, channel).whenComplete((n, e) -> {
                if (!kit.onReactorThread()) {
                    kit.violation("sendFile's stage completed on " + Thread.currentThread().getName());
                }
                if (e != null) {
                    failed.set(e);
                } else {
                    sent.set(n);
                }
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was written through it
                }
                if (!ordered && e == null) {
                    transport.write(TAIL);
                    after.accept(transport);
                }
            });
            if (ordered) {
                transport.write(TAIL);
                after.accept(transport);
            }
        }

        @Override
        void received(ByteBuffer data) {
            readAfterHalfClose.updateAndGet(s -> s + StandardCharsets.US_ASCII.decode(data));
        }

        @Override
        public void readConnectionLost() {
            transport.loseConnection();
        }

        @Override
        public void writeConnectionLost() {
        }
    }

    /** Reads HEAD, {@code size} bytes of the file's pattern and TAIL from {@code client}. */
    private static void readHeadFileTail(Peer client, int size) throws IOException {
        assertArrayEquals(HEAD, client.readExactly(HEAD.length), "what was written before the file");
        client.readPattern(FILE_SEED, size);
        assertArrayEquals(TAIL, client.readExactly(TAIL.length), "what was written after the file");
    }

    /** A connection to a file server: the client, and the server's protocol once made. */
    record Served(Peer client, FileServer server) {
    }

    private Served serve(java.util.function.Supplier<FileServer> make, boolean smallReceiveBuffer) {
        List<FileServer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, make));
        Peer client = smallReceiveBuffer ? connectWithSmallReceiveBuffer(port) : connect(port);
        return new Served(client, awaitMade(servers, 1).get(0));
    }

    private static CompletionStage<Long> zeroCopy(Transport t, FileChannel file, long count) {
        return t.sendFile(file, SKIP, count);
    }

    @Test
    @Tag("files")
    default void sendFileGoesBetweenTheWritesAroundItAndLoseConnectionWaitsForIt() throws Exception {
        int size = 4 * 1024 * 1024;
        Path path = patternFile(size);
        Served served = serve(() -> new FileServer(this, path, true,
                (t, f) -> zeroCopy(t, f, size), Transport::loseConnection), true);
        Peer client = served.client();
        FileServer server = served.server();
        // The peer reads nothing yet: the file's unsent bytes are queued, above the high mark.
        await("the producer paused while the file waits for the peer", () -> server.pauses.get() > 0);
        assertTrue(server.maxQueued.get() > DEFAULT_HIGH_WATER, "queued bytes at the pause: " + server.maxQueued.get());
        assertTrue(call(() -> server.transport().isWriteBufferFull()), "isWriteBufferFull() while the file waits");
        readHeadFileTail(client, size);
        client.expectEof();
        await("the stage completed", () -> server.sent.get() >= 0 || server.failed.get() != null);
        assertEquals(size, server.sent.get(), "what the stage reports; failure: " + server.failed.get());
        assertTrue(server.awaitLost().isClean(), "a clean close after the file: " + server.reason());
    }

    @Test
    @Tag("files")
    default void halfCloseAfterSendFileShutsDownOnlyAfterTheFileAndReadingGoesOn() throws Exception {
        int size = 1024 * 1024 + 3;
        Path path = patternFile(size);
        Served served = serve(() -> new FileServer(this, path, true,
                (t, f) -> zeroCopy(t, f, size), Transport::loseWriteConnection), false);
        Peer client = served.client();
        FileServer server = served.server();
        readHeadFileTail(client, size);
        client.expectEof();
        client.write("still here");
        client.shutdownOutput();
        await("the server read what came after its half-close", () -> server.readAfterHalfClose.get().equals("still here"));
        assertEquals(size, server.sent.get());
        assertTrue(server.awaitLost().isClean(), "reason: " + server.reason());
    }

    @Test
    @Tag("files")
    default void aFileThatEndsBeforeTheCountFailsTheStageAndClosesTheConnection() throws Exception {
        int size = 200 * 1024;
        Path path = patternFile(size);
        Served served = serve(() -> new FileServer(this, path, true,
                (t, f) -> zeroCopy(t, f, size + 1000L), t -> { }), false);
        Peer client = served.client();
        FileServer server = served.server();
        assertArrayEquals(HEAD, client.readExactly(HEAD.length));
        client.readPattern(FILE_SEED, size);
        assertTrue(client.readUntilEndOrReset() == 0, "nothing after the end of the file: not the tail, not garbage");
        ConnectionClosed reason = server.awaitLost();
        assertInstanceOf(ConnectionLost.class, reason);
        await("the stage failed", () -> server.failed.get() != null);
        assertInstanceOf(EOFException.class, rootCause(server.failed.get()), "the stage's failure: " + server.failed.get());
    }

    @Test
    @Tag("files")
    default void abortWhileAFileIsQueuedFailsTheStageWithTheAbort() throws Exception {
        int size = 8 * 1024 * 1024;
        Path path = patternFile(size);
        Served served = serve(() -> new FileServer(this, path, true,
                (t, f) -> zeroCopy(t, f, size), t -> { }), true);
        FileServer server = served.server();
        await("the file waits for the peer", () -> server.pauses.get() > 0);
        exec(() -> server.transport().abortConnection());
        await("the stage failed", () -> server.failed.get() != null);
        assertInstanceOf(ConnectionAborted.class, server.failed.get(), "the stage fails with the connection's reason");
        assertInstanceOf(ConnectionAborted.class, server.awaitLost());
    }

    @Test
    @Tag("files")
    default void sendFileAfterLoseConnectionFailsAtOnceAndSendsNothing() throws Exception {
        Path path = patternFile(1000);
        Served served = serve(() -> new FileServer(this, path, true, (t, f) -> {
            t.loseConnection();
            return zeroCopy(t, f, 1000);
        }, t -> { }), false);
        Peer client = served.client();
        FileServer server = served.server();
        assertArrayEquals(HEAD, client.readUntilClosed(), "only what was written before loseConnection");
        await("the stage failed", () -> server.failed.get() != null);
        assertEquals(-1, server.sent.get());
    }

    @Test
    @Tag("files")
    default void fileSenderStreamsAFileThroughTheQueueUnderTheHighWaterMark() throws Exception {
        int size = 4 * 1024 * 1024;
        Path path = patternFile(size);
        Served served = serve(() -> new FileServer(this, path, false,
                (t, f) -> new FileSender(f, SKIP, size).beginFileTransfer(t), Transport::loseConnection), true);
        Peer client = served.client();
        FileServer server = served.server();
        await("the queue rose above the high mark", () -> call(() -> server.transport().isWriteBufferFull()));
        for (int turn = 0; turn < 20; turn++) {
            barrier(); // a loop turn each: a sender still asked would be asked on these
            long queued = call(() -> server.transport().queuedBytes());
            assertTrue(queued <= DEFAULT_HIGH_WATER + FileSender.CHUNK_SIZE, "queued while the peer does not read: " + queued);
        }
        readHeadFileTail(client, size);
        client.expectEof();
        await("the stage completed", () -> server.sent.get() >= 0 || server.failed.get() != null);
        assertEquals(size, server.sent.get(), "failure: " + server.failed.get());
    }

    /** Over TLS the bytes must be encrypted, so sendFile reads them through a buffer; the result is the same. */
    @Test
    @Tag("files")
    default void sendFileOverTlsSendsTheSameBytes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(kind().isTls(), "redundant over a TLS kind: this case wraps a plain connection in TLS itself, and over a TLS kind every case here already runs through the layer");
        int size = 1024 * 1024 + 17;
        Path path = patternFile(size);
        TestCertificates c = TestCertificates.get();
        TlsOptions serverTls = TlsOptions.server(c.serverChain(), c.serverKey()).build();
        TlsOptions clientTls = TlsOptions.client().trustRoots(c.caCertificate()).expectedHostName("localhost").build();
        List<FileServer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(TlsFactories.server(reactor(), collecting(servers, () -> new FileServer(this, path, true,
                (t, f) -> zeroCopy(t, f, size), Transport::loseConnection)), serverTls));
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> connectClient(port.address(), TlsFactories.client(reactor(), factory, clientTls, "localhost", 0), WAIT));
        Probe client = awaitMade(factory.built, 1).get(0);
        int total = HEAD.length + size + TAIL.length;
        await("everything, decrypted", () -> client.receivedBytes.get() >= total, Duration.ofSeconds(60));
        byte[] got = client.keptBytes();
        assertEquals(total, got.length);
        assertArrayEquals(HEAD, java.util.Arrays.copyOfRange(got, 0, HEAD.length));
        assertEquals(-1, Pattern.firstMismatch(FILE_SEED, 0, got, HEAD.length, size), "first wrong byte of the file");
        assertArrayEquals(TAIL, java.util.Arrays.copyOfRange(got, HEAD.length + size, total));
        await("the stage completed", () -> servers.get(0).sent.get() >= 0 || servers.get(0).failed.get() != null);
        assertEquals(size, servers.get(0).sent.get(), "failure: " + servers.get(0).failed.get());
        assertNotNull(client.awaitLost());
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
