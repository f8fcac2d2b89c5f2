package io.torsion.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import io.torsion.api.testing.RecordingDatagramTransport.Sent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingDatagramTransportTest {

    private static final SocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5555);

    /** Echoes in upper case; remembers the buffers it was handed (which it must not). */
    private static final class Shout extends DatagramProtocol {
        final List<String> events = new ArrayList<>();
        ByteBuffer kept;

        @Override public void startProtocol() {
            events.add("start");
        }

        @Override public void stopProtocol() {
            events.add("stop");
        }

        @Override public void datagramReceived(ByteBuffer data, SocketAddress from) {
            kept = data;
            String text = StandardCharsets.UTF_8.decode(data).toString();
            transport.write(text.toUpperCase().getBytes(StandardCharsets.UTF_8), from);
        }

        @Override public void datagramTruncated(SocketAddress from) {
            events.add("truncated " + from);
        }

        @Override public void datagramDropped(SocketAddress to, int length) {
            events.add("dropped " + length);
        }
    }

    @Test
    void recordsEachDatagramWithItsAddress() {
        Shout shout = new Shout();
        RecordingDatagramTransport port = RecordingDatagramTransport.start(shout);

        port.receive("hello", CLIENT);
        port.receive("", CLIENT);

        assertEquals(List.of(new Sent("HELLO".getBytes(StandardCharsets.UTF_8), CLIENT), new Sent(new byte[0], CLIENT)),
                port.sent());
        port.stopListening();
        port.stopListening();
        assertEquals(List.of("start", "stop"), shout.events);
    }

    @Test
    void aKeptBufferIsOverwrittenAfterTheCall() {
        Shout shout = new Shout();
        RecordingDatagramTransport port = RecordingDatagramTransport.start(shout);

        port.receive("abc", CLIENT);

        shout.kept.flip();
        assertEquals("###", StandardCharsets.UTF_8.decode(shout.kept).toString());
    }

    @Test
    void longerThanMaxPacketSizeIsReportedNotDelivered() {
        Shout shout = new Shout();
        RecordingDatagramTransport port = RecordingDatagramTransport.start(shout, CLIENT, 4);

        port.receive("12345", CLIENT);

        assertEquals(List.of(), port.sent());
        assertEquals(1, port.truncatedDatagrams());
        assertEquals(List.of("start", "truncated " + CLIENT), shout.events);
    }

    @Test
    void blockedKernelQueuesUpToTheLimitThenDropsAndCounts() {
        Shout shout = new Shout();
        RecordingDatagramTransport port = RecordingDatagramTransport.start(shout);
        port.setSendQueueLimit(2 * (1 + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD));
        port.setWritesBlocked(true);

        port.receive("a", CLIENT);
        port.receive("b", CLIENT);
        port.receive("c", CLIENT);

        assertEquals(List.of(), port.sent());
        assertEquals(1, port.droppedDatagrams());
        assertEquals(List.of("start", "dropped 1"), shout.events);
        port.setWritesBlocked(false);
        port.drain();
        assertEquals(List.of("A", "B"), port.sentTexts());
        assertEquals(0, port.queuedBytes());
    }

    @Test
    void connectedPortFiltersOtherSendersAndWritesToThePeer() {
        Shout shout = new Shout();
        RecordingDatagramTransport port = RecordingDatagramTransport.start(shout);
        assertThrows(IllegalStateException.class, () -> port.write(new byte[1]));
        port.connect(CLIENT);

        port.receive("stranger", new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        port.receive("peer", CLIENT);
        port.write("direct".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("PEER", "direct"), port.sentTexts());
        assertEquals(null, port.sent().get(1).to());
    }

    @Test
    void membershipsAndSwitchesAreRecorded() throws Exception {
        RecordingDatagramTransport port = RecordingDatagramTransport.start(new Shout());
        InetAddress group = InetAddress.getByName("224.3.29.71");

        port.joinGroup(group, null);
        port.setTimeToLive(2);
        port.setLoopbackMode(false);

        assertEquals(1, port.memberships().size());
        assertEquals(2, port.getTimeToLive());
        port.leaveGroup(group, null);
        assertEquals(0, port.memberships().size());
        assertThrows(IllegalArgumentException.class, () -> port.joinGroup(InetAddress.getLoopbackAddress(), null));
    }
}
