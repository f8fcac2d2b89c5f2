package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Await.result;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bytes go out and come back intact, from one byte to more than every buffer on the way can hold. */
public interface EchoConformance extends Kit {

    long SEED = 0xEC40L;

    @Test
    @Tag("echo")
    default void echoesOneByte() throws Exception {
        roundTrip(1);
    }

    @Test
    @Tag("echo")
    default void echoes64KiB() throws Exception {
        roundTrip(64 * 1024);
    }

    /**
     * 16 MiB is more than the kernel buffers between the two ends can hold, so the echo's replies
     * queue in the transport: the producer registration must pause reading while they are backed
     * up, keep the queue bounded, and resume so that every byte comes back, in order.
     */
    @Test
    @Tag("echo")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void echoes16MiBThroughTheWriteQueueWhileReadingPausesAtHighWater() throws Exception {
        long size = 16L * 1024 * 1024;
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new EchoProbe(this, "echo-server", true)));
        Peer client = connectWithSmallReceiveBuffer(port);
        Future<Long> writer = spawn(() -> client.writePattern(SEED, 0, size));
        await("the echo's replies back up until its reading pauses (or the client wrote everything)",
                () -> (!servers.isEmpty() && servers.get(0).pausedAfterWrite.get() > 0) || writer.isDone(),
                Duration.ofSeconds(30));
        long readCrc = client.readPattern(SEED, size);
        long writtenCrc = result(writer, Duration.ofSeconds(30));
        assertEquals(writtenCrc, readCrc, "CRC-32 of the echoed 16 MiB");
        EchoProbe server = servers.get(0);
        assertTrue(server.pausedAfterWrite.get() > 0,
                "queue above the high-water mark never paused the echo's reading (max queued "
                        + server.maxQueued.get() + " bytes)");
        assertTrue(server.maxQueued.get() <= DEFAULT_HIGH_WATER + READ_SLACK,
                "queue grew to " + server.maxQueued.get() + " bytes although reading pauses at the high-water mark");
    }

    @Test
    @Tag("echo")
    default void transportKnowsBothAddresses() throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(servers);
        Peer client = connect(port);
        assertEchoes(client, "where");
        EchoProbe server = servers.get(0);
        assertInstanceOf(kind().transportType(), server.transport(), "the transport of a " + kind() + " connection");
        assertEquals(client.localAddress(), server.call(() -> server.transport().getPeer()), "getPeer");
        assertEquals(port.address(), server.call(() -> server.transport().getHost()), "getHost");
        if (kind().isTcp()) {
            assertEquals(((InetSocketAddress) port.address()).getPort(), port.port(), "ListeningPort.port");
        }
    }

    @Test
    @Tag("echo")
    default void writeSequenceSendsBuffersInOrder() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Probe(this, "sequence-server")));
        Peer client = connect(port);
        Probe server = awaitMade(servers, 1).get(0);
        server.exec(() -> server.transport().writeSequence(
                ByteBuffer.wrap(Pattern.bytes(SEED, 0, 10)),
                ByteBuffer.wrap(Pattern.bytes(SEED, 10, 70_000)),
                ByteBuffer.wrap(Pattern.bytes(SEED, 70_010, 5))));
        assertEquals(Pattern.crc(SEED, 70_015), client.readPattern(SEED, 70_015), "CRC-32 of the sequence");
    }

    /**
     * Writes made in one callback are gathered until the turn ends: a thousand of them, small and
     * large, from one buffer the protocol refills each time (so a gathered write must have copied),
     * then loseConnection, reach the peer whole, in order, before the end of stream.
     */
    @Test
    @Tag("echo")
    default void manyWritesInOneCallbackArriveInOrderBeforeTheClose() throws Exception {
        int pieces = 1_000;
        long total = 0;
        for (int i = 0; i < pieces; i++) {
            total += pieceSize(i);
        }
        ListeningPort port = listen(Factory.forProtocol(() -> new BaseProtocol() {
            private final ByteBuffer scratch = ByteBuffer.allocate(pieceSize(99));

            @Override
            public void dataReceived(ByteBuffer data) {
                long offset = 0;
                for (int i = 0; i < pieces; i++) {
                    int size = pieceSize(i);
                    transport.write(scratch.clear().put(Pattern.bytes(SEED, offset, size)).flip());
                    offset += size;
                }
                transport.loseConnection();
            }
        }));
        Peer client = connect(port);
        client.write("go");
        assertEquals(Pattern.crc(SEED, total), client.readPattern(SEED, total), "CRC-32 of the gathered writes");
        client.expectEof();
    }

    /** Mostly lines of 1 to 64 bytes, every hundredth larger than what one turn gathers. */
    private static int pieceSize(int i) {
        return i % 100 == 99 ? 40_000 : 1 + i % 64;
    }

    private void roundTrip(int size) throws Exception {
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(servers);
        Peer client = connect(port);
        Future<Long> writer = spawn(() -> client.writePattern(SEED, 0, size));
        long readCrc = client.readPattern(SEED, size);
        assertEquals(result(writer, WAIT), readCrc, "CRC-32 of the echoed " + size + " bytes");
        assertEquals(Pattern.crc(SEED, size), readCrc, "CRC-32 against the pattern");
        assertEquals(size, servers.get(0).receivedBytes.get(), "bytes the server received");
    }
}
