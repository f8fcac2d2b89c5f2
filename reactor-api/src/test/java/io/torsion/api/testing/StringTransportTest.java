package io.torsion.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.IdleAwareProtocol;
import io.torsion.api.IdleKind;
import io.torsion.api.PushProducer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StringTransportTest {

    /** Records every event, as text. */
    static class Recorder extends BaseProtocol {
        final List<String> events = new ArrayList<>();
        final List<ConnectionClosed> lost = new ArrayList<>();
        ByteBuffer kept;

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            kept = data;
            events.add("data " + StandardCharsets.UTF_8.decode(data.duplicate()));
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            lost.add(reason);
            events.add("lost");
        }
    }

    /** A producer that records the calls it gets. */
    static class RecordingProducer implements PushProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    private final Recorder protocol = new Recorder();
    private final ManualClock clock = new ManualClock();

    @Test
    void connectMakesTheConnection() {
        StringTransport transport = StringTransport.connect(protocol);
        assertEquals(List.of("made"), protocol.events);
        assertSame(protocol, transport.protocol());
        assertTrue(transport.isOpen());
        assertThrows(IllegalStateException.class, () -> transport.attach(new Recorder()));
    }

    @Test
    void attachBuiltByBuildsTheProtocolForThePeerLikeAReactor() {
        List<java.net.SocketAddress> peers = new ArrayList<>();
        io.torsion.api.Factory factory = peer -> {
            peers.add(peer);
            return new Recorder();
        };
        StringTransport transport = new StringTransport();
        InetSocketAddress alice = new InetSocketAddress("10.0.0.2", 40000);
        transport.setPeer(alice);
        transport.attachBuiltBy(factory);
        Recorder built = (Recorder) transport.protocol();
        assertEquals(List.of(alice), peers);
        assertSame(factory, built.factory());
        assertEquals(List.of("made"), built.events);
        assertThrows(IllegalStateException.class, () -> new StringTransport().attachBuiltBy(peer -> null));
    }

    @Test
    void recordsEveryByteWritten() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.write("h\u00e9".getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.wrap("--llo".getBytes(StandardCharsets.UTF_8));
        buffer.position(2);
        transport.write(buffer);
        assertFalse(buffer.hasRemaining(), "write consumes the buffer");
        transport.writeSequence(ByteBuffer.wrap(new byte[] {' '}), ByteBuffer.wrap(new byte[] {'!'}));
        assertEquals("h\u00e9llo !", transport.valueString());
        assertArrayEquals("h\u00e9llo !".getBytes(StandardCharsets.UTF_8), transport.value());
        transport.clear();
        assertEquals("", transport.valueString());
        assertEquals(0, transport.queuedBytes(), "the kernel takes everything by default");
    }

    @Test
    void writesAfterLoseConnectionAreDropped() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.write(new byte[] {'a'});
        transport.loseConnection();
        transport.write(new byte[] {'b'});
        ByteBuffer dropped = ByteBuffer.wrap(new byte[] {'c'});
        transport.write(dropped);
        assertEquals("a", transport.valueString());
        assertFalse(dropped.hasRemaining());
    }

    @Test
    void writesAfterLoseWriteConnectionAreDroppedButReadingGoesOn() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.loseWriteConnection();
        transport.write(new byte[] {'x'});
        transport.receive("still reading");
        assertTrue(transport.isWriteClosed());
        assertTrue(transport.isOpen());
        assertEquals("", transport.valueString());
        assertEquals(List.of("made", "data still reading"), protocol.events);
    }

    @Test
    void loseConnectionIsRecordedAndFinishedByTheTest() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.loseConnection();
        assertTrue(transport.isDisconnecting());
        assertFalse(transport.isOpen());
        assertFalse(transport.isAborted());
        assertEquals(List.of(), protocol.lost, "nothing closes by itself");
        transport.loseConnectionNow();
        transport.loseConnectionNow(new ConnectionLost(new IOException("late")));
        assertEquals(1, protocol.lost.size(), "connectionLost exactly once");
        assertInstanceOf(ConnectionDone.class, protocol.lost.get(0));
        assertTrue(transport.isClosed());
        assertSame(protocol.lost.get(0), transport.closeReason());
    }

    @Test
    void abortConnectionFinishesAsAborted() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.setWritesBlocked(true);
        transport.write(new byte[10]);
        transport.loseConnection();
        transport.abortConnection();
        assertTrue(transport.isAborted());
        assertTrue(transport.isDisconnecting());
        assertEquals(0, transport.queuedBytes(), "an abort drops the queue");
        transport.loseConnectionNow();
        assertInstanceOf(ConnectionAborted.class, transport.closeReason());
        assertTrue(transport.isAborted());
    }

    @Test
    void peerResetIsSimulatedWithAReason() {
        StringTransport transport = StringTransport.connect(protocol);
        ConnectionLost reset = new ConnectionLost(new IOException("Connection reset by peer"));
        transport.loseConnectionNow(reset);
        assertSame(reset, protocol.lost.get(0));
        assertFalse(transport.isAborted());
    }

    @Test
    void producerIsPausedAboveHighWaterAndResumedBelowLowWater() {
        StringTransport transport = StringTransport.connect(protocol);
        RecordingProducer producer = new RecordingProducer();
        transport.setWaterMarks(100, 40);
        transport.registerProducer(producer);
        transport.setWritesBlocked(true);
        transport.write(new byte[100]);
        assertEquals(List.of(), producer.calls, "at the high mark is not above it");
        assertFalse(transport.isWriteBufferFull());
        transport.write(new byte[1]);
        transport.write(new byte[50]);
        assertEquals(List.of("pause"), producer.calls, "paused once");
        assertTrue(transport.isWriteBufferFull());
        assertEquals(151, transport.queuedBytes());
        assertEquals(100, transport.drain(100));
        assertEquals(List.of("pause"), producer.calls, "51 queued is above the low mark");
        assertEquals(11, transport.drain(11));
        assertEquals(List.of("pause", "resume"), producer.calls, "40 queued is at the low mark");
        assertFalse(transport.isWriteBufferFull());
        assertEquals(40, transport.drain());
        assertEquals(List.of("pause", "resume"), producer.calls, "resumed once");
        assertEquals(151, transport.value().length, "value() holds every byte written, queued or not");
    }

    @Test
    void emptyingTheQueueResumesWithALowMarkOfZero() {
        StringTransport transport = StringTransport.connect(protocol);
        RecordingProducer producer = new RecordingProducer();
        transport.registerProducer(producer);
        transport.setWaterMarks(0, 0);
        transport.setWritesBlocked(true);
        transport.write(new byte[1]);
        transport.setWritesBlocked(false);
        assertEquals(List.of("pause", "resume"), producer.calls);
        assertEquals(0, transport.queuedBytes());
    }

    @Test
    void defaultWaterMarksAreTheRealTransports() {
        StringTransport transport = StringTransport.connect(protocol);
        RecordingProducer producer = new RecordingProducer();
        transport.registerProducer(producer);
        transport.setWritesBlocked(true);
        transport.write(new byte[64 * 1024]);
        assertEquals(List.of(), producer.calls);
        transport.write(new byte[1]);
        assertEquals(List.of("pause"), producer.calls);
        transport.drain(64 * 1024 - 16 * 1024);
        assertEquals(List.of("pause"), producer.calls, "16 KiB + 1 queued is above the low mark");
        transport.drain(1);
        assertEquals(List.of("pause", "resume"), producer.calls);
    }

    @Test
    void producerRegisteredWhileFullIsPausedAtOnce() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.setWaterMarks(10, 5);
        transport.setWritesBlocked(true);
        transport.write(new byte[20]);
        RecordingProducer producer = new RecordingProducer();
        transport.registerProducer(producer);
        assertEquals(List.of("pause"), producer.calls);
        transport.unregisterProducer();
        transport.drain();
        assertEquals(List.of("pause"), producer.calls, "an unregistered producer hears nothing");
        assertNull(transport.producer());
    }

    @Test
    void loweringTheHighMarkBelowTheQueuePausesTheProducer() {
        StringTransport transport = StringTransport.connect(protocol);
        RecordingProducer producer = new RecordingProducer();
        transport.registerProducer(producer);
        transport.setWritesBlocked(true);
        transport.write(new byte[20]);
        transport.setWaterMarks(10, 5);
        assertEquals(List.of("pause"), producer.calls);
        transport.setWaterMarks(100, 50);
        assertEquals(List.of("pause", "resume"), producer.calls);
        assertThrows(IllegalArgumentException.class, () -> transport.setWaterMarks(5, 10));
        assertThrows(IllegalArgumentException.class, () -> transport.setWaterMarks(5, -1));
    }

    @Test
    void transportAsItsOwnProducerStopsReadingWhileTheQueueIsFull() {
        StringTransport transport = StringTransport.connect(new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                transport.write(data); // echo
            }
        });
        transport.setWaterMarks(4, 2);
        transport.registerProducer(transport);
        transport.setWritesBlocked(true);
        transport.receive("hello");
        assertTrue(transport.isPaused());
        transport.receive("world");
        assertEquals("hello", transport.valueString(), "the second chunk waits");
        assertEquals(5, transport.unreadBytes());
        transport.drain();
        assertEquals("helloworld", transport.valueString());
    }

    @Test
    void closingStopsTheProducerButNotWhenItIsTheTransport() {
        StringTransport transport = StringTransport.connect(protocol);
        RecordingProducer producer = new RecordingProducer();
        transport.registerProducer(producer);
        transport.loseConnectionNow();
        assertEquals(List.of("stop"), producer.calls);
        assertNull(transport.producer());

        StringTransport self = StringTransport.connect(new Recorder());
        self.registerProducer(self);
        self.loseConnectionNow();
        assertTrue(self.isClosed(), "stopProducing on itself would only loseConnection again");
    }

    @Test
    void receivedBytesWaitWhilePausedAndArriveInOrderOnResume() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.receive("one");
        transport.pauseProducing();
        assertTrue(transport.isPaused());
        transport.receive("two");
        transport.receive("three");
        assertEquals(List.of("made", "data one"), protocol.events);
        assertEquals(8, transport.unreadBytes());
        transport.resumeProducing();
        assertEquals(List.of("made", "data one", "data two", "data three"), protocol.events);
        assertEquals(0, transport.unreadBytes());
    }

    @Test
    void bytesReceivedDuringADeliveryArriveAfterIt() {
        StringTransport peer = new StringTransport();
        List<String> events = new ArrayList<>();
        peer.attach(new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                String text = StandardCharsets.UTF_8.decode(data).toString();
                events.add("start " + text);
                if (text.equals("first")) {
                    peer.receive("second");
                }
                events.add("end " + text);
            }
        });
        peer.receive("first");
        assertEquals(List.of("start first", "end first", "start second", "end second"), events);
    }

    @Test
    void bufferKeptPastTheCallIsScribbledOver() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.receive("secret");
        ByteBuffer kept = protocol.kept;
        kept.rewind();
        assertFalse(StandardCharsets.UTF_8.decode(kept).toString().contains("secret"),
                "a protocol that keeps the buffer must not see the old bytes");
    }

    @Test
    void nothingIsReceivedOnceClosing() {
        StringTransport transport = StringTransport.connect(protocol);
        transport.pauseProducing();
        transport.receive("held");
        transport.loseConnection();
        transport.receive("late");
        transport.resumeProducing();
        assertEquals(List.of("made"), protocol.events);
        assertThrows(IllegalStateException.class, () -> new StringTransport().receive("nobody"));
    }

    @Test
    void socketOptionsAndAddressesAreRecorded() {
        StringTransport transport = StringTransport.connect(protocol);
        assertEquals(new InetSocketAddress("127.0.0.1", 12345), transport.getPeer());
        assertEquals(new InetSocketAddress("127.0.0.1", 54321), transport.getHost());
        assertFalse(transport.isTcpNoDelay());
        assertFalse(transport.isKeepAlive());
        transport.setTcpNoDelay(true);
        transport.setKeepAlive(true);
        InetSocketAddress peer = new InetSocketAddress("10.0.0.7", 4242);
        transport.setPeer(peer);
        transport.setHost(new InetSocketAddress("10.0.0.1", 80));
        assertTrue(transport.isTcpNoDelay());
        assertTrue(transport.isKeepAlive());
        assertEquals(peer, transport.getPeer());
        assertEquals(80, transport.getHost().getPort());
    }

    @Test
    void idleTimeoutNeedsAClock() {
        StringTransport transport = StringTransport.connect(protocol);
        assertThrows(IllegalStateException.class, () -> transport.setIdleTimeout(Duration.ofSeconds(1)));
        assertThrows(IllegalStateException.class, transport::scheduler);
        assertSame(clock, StringTransport.connect(new Recorder(), clock).scheduler());
    }

    @Test
    void idleConnectionTimesOutOnTheClock() {
        StringTransport transport = StringTransport.connect(protocol, clock);
        transport.setIdleTimeout(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertTrue(transport.isOpen());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, protocol.lost.size());
        assertInstanceOf(ConnectionTimedOut.class, protocol.lost.get(0));
        assertTrue(transport.isClosed());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, protocol.lost.size(), "connectionLost exactly once");
    }

    @Test
    void readsAndWritesRestartTheIdleTimer() {
        StringTransport transport = StringTransport.connect(protocol, clock);
        transport.setIdleTimeout(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(8));
        transport.receive("ping");
        clock.advance(Duration.ofSeconds(8));
        transport.write(new byte[] {'p'});
        clock.advance(Duration.ofSeconds(9));
        assertTrue(transport.isOpen(), "25 s in, but never 10 s idle");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(transport.isOpen());
        assertInstanceOf(ConnectionTimedOut.class, transport.closeReason());
    }

    @Test
    void bytesStuckInTheQueueAreNotActivity() {
        StringTransport transport = StringTransport.connect(protocol, clock);
        transport.setIdleTimeout(Duration.ofSeconds(10));
        transport.setWritesBlocked(true);
        clock.advance(Duration.ofSeconds(6));
        transport.write(new byte[] {'x'});
        clock.advance(Duration.ofSeconds(3));
        transport.drain();
        clock.advance(Duration.ofSeconds(9));
        assertTrue(transport.isOpen(), "the kernel taking the byte at 9 s was activity");
        transport.write(new byte[] {'y'});
        clock.advance(Duration.ofSeconds(1));
        assertFalse(transport.isOpen(), "a write that only queued was not");
    }

    @Test
    void idleTimeoutCanBeTurnedOffAndIsCancelledByClose() {
        StringTransport transport = StringTransport.connect(protocol, clock);
        transport.setIdleTimeout(Duration.ofSeconds(1));
        transport.setIdleTimeout(null);
        assertNull(transport.idleTimeout());
        clock.advance(Duration.ofSeconds(5));
        assertTrue(transport.isOpen());
        transport.setIdleTimeout(Duration.ofSeconds(1));
        transport.setIdleTimeout(Duration.ZERO);
        assertEquals(0, clock.pendingTimers());
        transport.setIdleTimeout(Duration.ofSeconds(1));
        transport.loseConnectionNow();
        assertEquals(0, clock.pendingTimers(), "closing cancels the idle timer");
        assertInstanceOf(ConnectionDone.class, protocol.lost.get(0));
    }

    @Test
    void aProtocolThatOnlyWritesTimesOutOnReadIdle() {
        StringTransport transport = StringTransport.connect(protocol, clock);
        transport.setIdleTimeouts(Duration.ofSeconds(10), null, null);
        assertEquals(Duration.ofSeconds(10), transport.idleTimeout(IdleKind.READ));
        for (int i = 0; i < 9; i++) {
            clock.advance(Duration.ofSeconds(1));
            transport.write(new byte[] {'w'});
        }
        assertTrue(transport.isOpen());
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(ConnectionTimedOut.class, transport.closeReason(), "writing is not reading");
    }

    /** Pings instead of closing, and counts the calls. */
    static final class Pinger extends BaseProtocol implements IdleAwareProtocol {
        final List<IdleKind> idle = new ArrayList<>();

        @Override
        public void timeoutConnection(IdleKind kind) {
            idle.add(kind);
            transport.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void anIdleAwareProtocolDecidesAndIsCalledEachIdleInterval() {
        Pinger pinger = new Pinger();
        StringTransport transport = StringTransport.connect(pinger, clock);
        transport.setIdleTimeouts(Duration.ofSeconds(5), null, null);
        clock.advance(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(IdleKind.READ, IdleKind.READ), pinger.idle);
        assertEquals("PING\r\nPING\r\n", transport.valueString());
        assertTrue(transport.isOpen(), "the protocol chose to keep it open");
        transport.receive("PONG\r\n");
        clock.advance(Duration.ofSeconds(4));
        assertEquals(2, pinger.idle.size(), "a read started the interval over");
    }

    @Test
    void resetIdleTimeoutsStartsTheIntervalsOverByHand() {
        StringTransport transport = StringTransport.connect(protocol, clock);
        transport.setIdleTimeouts(null, Duration.ofSeconds(10), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        transport.resetIdleTimeouts();
        clock.advance(Duration.ofSeconds(9));
        assertTrue(transport.isOpen());
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(ConnectionTimedOut.class, transport.closeReason());
        assertEquals(1, protocol.lost.size());
    }
}
