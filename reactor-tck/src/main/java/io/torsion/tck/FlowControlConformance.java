package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Await.result;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionLost;
import io.torsion.api.ListeningPort;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading that pauses and resumes on request, and writing that follows the water marks. */
public interface FlowControlConformance extends Kit {

    long SEED = 0xF10L;

    /** A server that keeps what it reads and flags any byte delivered while the test had paused it. */
    final class Sink extends Probe {
        private volatile boolean pausedByTest;

        Sink(Kit kit) {
            super(kit, "sink-server", true);
        }

        @Override
        void received(ByteBuffer data) {
            if (pausedByTest) {
                kit.violation(name + ": dataReceived after pauseProducing, before resumeProducing");
            }
        }

        /** On the reactor thread: pauses the transport and returns what isPaused() says. */
        boolean pause() {
            pausedByTest = true;
            transport.pauseProducing();
            return transport.isPaused();
        }

        /** On the reactor thread: resumes the transport and returns what isPaused() says. */
        boolean resume() {
            pausedByTest = false;
            transport.resumeProducing();
            return transport.isPaused();
        }
    }

    /** Waits until {@code server} received {@code size} bytes and checks they are pattern {@link #SEED}. */
    private static void assertReceivedInOrder(Probe server, int size) {
        await("all " + size + " bytes delivered", () -> server.receivedBytes.get() >= size);
        byte[] got = server.keptBytes();
        assertEquals(size, got.length, "bytes delivered");
        assertEquals(-1, Pattern.firstMismatch(SEED, 0, got, 0, got.length), "first wrong byte");
    }

    /**
     * Evidence that the reactor went round its loop after the paused connection's bytes were
     * readable: on loopback a small write reaches the peer's receive queue before {@code write}
     * returns, so an echo on another connection that starts afterwards proves a later turn.
     */
    private static void proveLaterTurns(Peer other) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEchoes(other, "turn " + i);
        }
    }

    @Test
    @Tag("flow")
    default void pauseProducingStopsDataUntilResumeDeliversEverythingInOrder() throws Exception {
        int size = 4 * 1024 * 1024;
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        Peer other = connect(listenEcho(echoes));
        List<Sink> sinks = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(sinks, () -> new Sink(this)));
        Peer client = connect(port);
        Sink server = awaitMade(sinks, 1).get(0);
        boolean paused = call(server::pause);
        assertTrue(paused, "isPaused() after pauseProducing()");
        client.writePattern(SEED, 0, 1000);
        proveLaterTurns(other);
        Future<Long> rest = spawn(() -> client.writePattern(SEED, 1000, size - 1000));
        proveLaterTurns(other);
        assertEquals(0, server.receivedBytes.get(), "bytes delivered while paused");
        boolean pausedAfter = call(server::resume);
        assertTrue(!pausedAfter, "isPaused() after resumeProducing()");
        result(rest, WAIT);
        assertReceivedInOrder(server, size);
    }

    /**
     * Pauses and resumes a connection from the test thread over and over while the peer streams:
     * whatever the loop was doing when each resume landed, the bytes come out in order.
     */
    @Test
    @Tag("flow")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void pauseAndResumeFromOutsideManyTimesKeepsTheStreamInOrder() throws Exception {
        int size = 8 * 1024 * 1024;
        List<Sink> sinks = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(sinks, () -> new Sink(this)));
        Peer client = connect(port);
        Sink server = awaitMade(sinks, 1).get(0);
        Future<Long> writer = spawn(() -> client.writePattern(SEED, 0, size));
        for (int i = 0; i < 2000 && server.receivedBytes.get() < size; i++) {
            call(server::pause);
            call(server::resume);
        }
        result(writer, WAIT);
        assertReceivedInOrder(server, size);
    }

    /**
     * Everything the peer will ever send arrives while paused; resume must deliver it with no new
     * bytes (no new readiness edge) to prompt it.
     */
    @Test
    @Tag("flow")
    default void resumeDeliversWhatArrivedWhilePausedWithoutFurtherData() throws Exception {
        int size = 32 * 1024;
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        Peer other = connect(listenEcho(echoes));
        List<Sink> sinks = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(sinks, () -> new Sink(this)));
        Peer client = connect(port);
        Sink server = awaitMade(sinks, 1).get(0);
        call(server::pause);
        client.writePattern(SEED, 0, size);
        proveLaterTurns(other);
        call(server::resume);
        assertReceivedInOrder(server, size);
    }

    /** Pauses itself on every read and resumes from a timer: the pattern of a protocol doing slow work. */
    final class Stutterer extends Probe {
        Stutterer(Kit kit) {
            super(kit, "stuttering-server", true);
        }

        @Override
        void received(ByteBuffer data) {
            transport.pauseProducing();
            transport.scheduler().callLater(Duration.ofMillis(1), transport::resumeProducing);
        }
    }

    @Test
    @Tag("flow")
    default void pausingInsideDataReceivedAndResumingFromATimerLosesNothing() throws Exception {
        int size = 1024 * 1024;
        List<Stutterer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Stutterer(this)));
        Peer client = connect(port);
        client.writePattern(SEED, 0, size);
        Stutterer server = awaitMade(servers, 1).get(0);
        assertReceivedInOrder(server, size);
    }

    @Test
    @Tag("flow")
    default void pausedConnectionStillNoticesPeerReset() throws Exception {
        List<Sink> sinks = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(sinks, () -> new Sink(this)));
        Peer client = connect(port);
        Sink server = awaitMade(sinks, 1).get(0);
        call(server::pause);
        exec(() -> server.transport().write(new byte[] {'x'})); // unread, for a Unix socket's reset
        client.reset();
        assertInstanceOf(ConnectionLost.class, server.awaitLost(), "reason seen by the paused connection");
    }

    @Test
    @Tag("flow")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void slowReaderPausesProducerAtHighWaterAndResumesItBelowLowWater() throws Exception {
        checkWaterMarks(0, 0, DEFAULT_HIGH_WATER, DEFAULT_LOW_WATER);
    }

    @Test
    @Tag("flow")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void customWaterMarksAreHonoured() throws Exception {
        int high = 256 * 1024;
        int low = 32 * 1024;
        checkWaterMarks(high, low, high, low);
    }

    private void checkWaterMarks(int setHigh, int setLow, int high, int low) throws Exception {
        long total = 8L * 1024 * 1024;
        List<Generator> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Generator(this, SEED, total, setHigh, setLow)));
        Peer client = connectWithSmallReceiveBuffer(port);
        Generator server = awaitMade(servers, 1).get(0);
        await("pauseProducing while the peer does not read (or everything written without one)",
                () -> server.pauses.get() > 0 || server.finished, Duration.ofSeconds(30));
        assertTrue(server.pauses.get() > 0, "the producer wrote all " + total
                + " bytes to a peer that does not read and was never paused (max queued " + server.maxQueued.get() + ")");
        long queuedNow = call(() -> server.transport().queuedBytes());
        assertTrue(queuedNow <= high + kind().queuedFor(Generator.CHUNK),
                "queue of " + queuedNow + " bytes though the producer stopped at the high-water mark " + high);
        Future<Long> reader = spawn(() -> client.readPattern(SEED, total));
        await("resumeProducing once the peer drained the queue", () -> server.resumes.get() > 0, Duration.ofSeconds(30));
        assertEquals(Pattern.crc(SEED, total), result(reader, Duration.ofSeconds(30)), "CRC-32 of everything generated");
        assertTrue(server.queuedAtPause.get(0) > high,
                "pauseProducing came with only " + server.queuedAtPause.get(0) + " bytes queued, high-water mark " + high);
        assertTrue(server.fullAtPause.get(0), "isWriteBufferFull() inside pauseProducing");
        for (long queued : server.queuedAtResume) {
            assertTrue(queued <= low, "resumeProducing came with " + queued + " bytes queued, low-water mark " + low);
        }
        assertTrue(server.fullAtResume.stream().noneMatch(full -> full), "isWriteBufferFull() inside resumeProducing");
        assertTrue(server.maxQueued.get() <= high + kind().queuedFor(Generator.CHUNK),
                "queue reached " + server.maxQueued.get() + " bytes, high-water mark " + high);
    }
}
