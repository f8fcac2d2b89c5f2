package io.torsion.tck;

import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.ListeningPort;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How connections end, whichever side ends them, and what each side sees. */
public interface CloseConformance extends Kit {

    long SEED = 0xC105EL;

    /** A server that writes {@code size} bytes of pattern {@link #SEED} as soon as it is connected. */
    final class Writer extends Probe {
        private final int size;
        private final boolean thenLoseConnection;

        Writer(Kit kit, int size, boolean thenLoseConnection) {
            super(kit, "writer-server");
            this.size = size;
            this.thenLoseConnection = thenLoseConnection;
        }

        @Override
        void made() {
            transport.write(Pattern.bytes(SEED, 0, size));
            if (thenLoseConnection) {
                transport.loseConnection();
                transport.write("dropped: written after loseConnection".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    @Tag("close")
    default void loseConnectionAfterWriteDeliversEveryByteThenEndOfStream() throws Exception {
        int size = 4 * 1024 * 1024;
        List<Writer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Writer(this, size, true)));
        Peer client = connectWithSmallReceiveBuffer(port);
        assertEquals(Pattern.crc(SEED, size), client.readPattern(SEED, size), "CRC-32 of what was written");
        client.expectEof();
        assertInstanceOf(ConnectionDone.class, awaitMade(servers, 1).get(0).awaitLost());
    }

    @Test
    @Tag("close")
    default void abortConnectionDropsTheQueuedTail() throws Exception {
        int size = 8 * 1024 * 1024;
        List<Writer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Writer(this, size, false)));
        Peer client = connectWithSmallReceiveBuffer(port);
        Writer server = awaitMade(servers, 1).get(0);
        long[] queuedAndOpen = server.call(() -> {
            long queued = server.transport().queuedBytes();
            server.transport().abortConnection();
            return new long[] {queued, server.transport().isOpen() ? 1 : 0};
        });
        assertTrue(queuedAndOpen[0] > 0, "precondition: 8 MiB to a client that does not read leaves a queue");
        assertEquals(0, queuedAndOpen[1], "isOpen() right after abortConnection()");
        long got = client.readUntilEndOrReset();
        assertTrue(got < size, "the peer got all " + size + " bytes although the queue was dropped");
        assertInstanceOf(ConnectionAborted.class, server.awaitLost());
    }

    @Test
    @Tag("close")
    default void peerCloseGivesConnectionDone() throws Exception {
        assertInstanceOf(ConnectionDone.class, reasonWhenPeerEnds(false));
    }

    @Test
    @Tag("close")
    default void peerResetGivesConnectionLost() throws Exception {
        assertInstanceOf(ConnectionLost.class, reasonWhenPeerEnds(true));
    }

    private ConnectionClosed reasonWhenPeerEnds(boolean byReset) throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Probe(this, "server")));
        Peer client = connect(port);
        Probe server = awaitMade(servers, 1).get(0);
        if (byReset) {
            // Bytes the client never reads: a Unix socket closed over them is what a reset is there.
            server.exec(() -> server.transport().write(new byte[] {'x'}));
            client.reset();
        } else {
            client.close();
        }
        return server.awaitLost();
    }

    @Test
    @Tag("close")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void peerResetWhileServerWritesGivesConnectionLostAndOthersAreServed() throws Exception {
        int size = 16 * 1024 * 1024;
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        ListeningPort echoPort = listenEcho(echoes);
        Peer bystander = connect(echoPort);
        assertEchoes(bystander, "before");
        List<Writer> writers = new CopyOnWriteArrayList<>();
        ListeningPort writerPort = listen(collecting(writers, () -> new Writer(this, size, false)));
        Peer victim = connectWithSmallReceiveBuffer(writerPort);
        victim.readPattern(SEED, 64 * 1024);
        Writer writer = awaitMade(writers, 1).get(0);
        assertTrue(writer.call(() -> writer.transport().queuedBytes()) > 0, "precondition: the server is still writing");
        victim.reset();
        assertInstanceOf(ConnectionLost.class, writer.awaitLost());
        assertEchoes(bystander, "after");
        assertEchoes(connect(echoPort), "newcomer");
        assertFalse(echoes.get(0).isLost(), "the bystander's connection was closed");
    }
}
