package io.torsion.tck;

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
@Tag("halfclose")
public abstract class HalfCloseConformance extends ReactorKit {

    private static final long SEED = 0x4A1FL;

    /**
     * A half-closeable server. On the peer's end of stream it answers with how many bytes it read,
     * then closes; with {@code closeWriteFirst} it greets and shuts down its own output at once.
     */
    private final class HalfCloser extends Probe implements HalfCloseableProtocol {
        private final boolean closeWriteFirst;
        final AtomicInteger readLost = new AtomicInteger();
        final AtomicInteger writeLost = new AtomicInteger();

        HalfCloser(boolean closeWriteFirst) {
            super(HalfCloseConformance.this, "half-closeable-server", true);
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
    public void peerHalfCloseCallsReadConnectionLostAndServerCanStillWrite() throws Exception {
        List<HalfCloser> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new HalfCloser(false)));
        Peer client = connect(port.port());
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
    public void loseWriteConnectionSendsEndOfStreamWhileReadingGoesOn() throws Exception {
        List<HalfCloser> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new HalfCloser(true)));
        Peer client = connect(port.port());
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
    private final class PlainWriter extends Probe {
        private final int size;

        PlainWriter(int size) {
            super(HalfCloseConformance.this, "plain-writer-server");
            this.size = size;
        }

        @Override
        void made() {
            transport.write(Pattern.bytes(SEED, 0, size));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    public void peerHalfCloseOfPlainProtocolFlushesWhatWasWrittenBeforeClosing() throws Exception {
        int size = 8 * 1024 * 1024;
        List<PlainWriter> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new PlainWriter(size)));
        Peer client = connectWithSmallReceiveBuffer(port.port());
        PlainWriter server = awaitMade(servers, 1).get(0);
        long queued = call(() -> server.transport().queuedBytes());
        assertTrue(queued > 0, "precondition: 8 MiB to a client that does not read leaves a queue");
        client.shutdownOutput();
        assertEquals(Pattern.crc(SEED, size), client.readPattern(SEED, size), "CRC-32 of what the server wrote");
        client.expectEof();
        assertInstanceOf(ConnectionDone.class, server.awaitLost());
    }
}
