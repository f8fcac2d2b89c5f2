package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionDone;
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.ListeningPort;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each direction of a connection closing on its own. */
public interface HalfCloseConformance extends Kit {

    long SEED = 0x4A1FL;

    /**
     * A half-closeable server. On the peer's end of stream it answers with how many bytes it read,
     * then closes; with {@code closeWriteFirst} it greets and shuts down its own output at once.
     */
    final class HalfCloser extends Probe implements HalfCloseableProtocol {
        private final boolean closeWriteFirst;
        final AtomicInteger readLost = new AtomicInteger();
        final AtomicInteger writeLost = new AtomicInteger();

        HalfCloser(Kit kit, boolean closeWriteFirst) {
            super(kit, "half-closeable-server", true);
            this.closeWriteFirst = closeWriteFirst;
        }

        @Override
        void made() {
            if (closeWriteFirst) {
                transport.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                transport.loseWriteConnection();
            }
        }

        @Override
        public void readConnectionLost() {
            onReactorThread("readConnectionLost");
            readLost.incrementAndGet();
            if (!closeWriteFirst) {
                transport.write(("read " + receivedBytes.get() + " bytes\n").getBytes(StandardCharsets.US_ASCII));
            }
            transport.loseConnection();
        }

        @Override
        public void writeConnectionLost() {
            onReactorThread("writeConnectionLost");
            writeLost.incrementAndGet();
        }
    }

    @Test
    @Tag("halfclose")
    default void peerHalfCloseCallsReadConnectionLostAndServerCanStillWrite() throws Exception {
        List<HalfCloser> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new HalfCloser(this, false)));
        Peer client = connect(port);
        client.write("12345");
        client.shutdownOutput();
        assertEquals("read 5 bytes\n", new String(client.readToEnd(), StandardCharsets.US_ASCII),
                "what the server wrote after the peer's end of stream, then end of stream");
        HalfCloser server = awaitMade(servers, 1).get(0);
        assertInstanceOf(ConnectionDone.class, server.awaitLost());
        assertEquals(1, server.readLost.get(), "readConnectionLost calls");
        assertEquals(0, server.writeLost.get(), "writeConnectionLost calls without loseWriteConnection");
    }

    @Test
    @Tag("halfclose")
    default void loseWriteConnectionSendsEndOfStreamWhileReadingGoesOn() throws Exception {
        List<HalfCloser> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new HalfCloser(this, true)));
        Peer client = connect(port);
        assertEquals("hello\n", new String(client.readToEnd(), StandardCharsets.US_ASCII),
                "greeting, then end of stream");
        HalfCloser server = awaitMade(servers, 1).get(0);
        await("writeConnectionLost", () -> server.writeLost.get() > 0);
        client.write("still listening?");
        await("the server still reads", () -> server.receivedBytes.get() == 16);
        assertArrayEquals("still listening?".getBytes(StandardCharsets.US_ASCII), server.keptBytes());
        client.shutdownOutput();
        assertInstanceOf(ConnectionDone.class, server.awaitLost());
        assertEquals(1, server.writeLost.get(), "writeConnectionLost calls");
        // With both directions shut the reactor may close at once instead of calling readConnectionLost.
        assertTrue(server.readLost.get() <= 1, "readConnectionLost calls: " + server.readLost.get());
    }

    /** Writes a lot on connect; not half-closeable, so the peer's end of stream closes it. */
    final class PlainWriter extends Probe {
        private final int size;

        PlainWriter(Kit kit, int size) {
            super(kit, "plain-writer-server");
            this.size = size;
        }

        @Override
        void made() {
            transport.write(Pattern.bytes(SEED, 0, size));
        }
    }

    @Test
    @Tag("halfclose")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void peerHalfCloseOfPlainProtocolFlushesWhatWasWrittenBeforeClosing() throws Exception {
        int size = 8 * 1024 * 1024;
        List<PlainWriter> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new PlainWriter(this, size)));
        Peer client = connectWithSmallReceiveBuffer(port);
        PlainWriter server = awaitMade(servers, 1).get(0);
        long queued = server.call(() -> server.transport().queuedBytes());
        assertTrue(queued > 0, "precondition: 8 MiB to a client that does not read leaves a queue");
        client.shutdownOutput();
        assertEquals(Pattern.crc(SEED, size), client.readPattern(SEED, size), "CRC-32 of what the server wrote");
        client.expectEof();
        assertInstanceOf(ConnectionDone.class, server.awaitLost());
    }
}
