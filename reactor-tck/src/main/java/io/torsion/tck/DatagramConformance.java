package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.DatagramTransport;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Datagram ports over real sockets: whole datagrams from empty to the largest IPv4 payload, many
 * senders with nothing lost, refusal on a connected port, truncation reported, a throwing protocol,
 * the bounded send queue, multicast membership, Unix datagrams, and rebinding at once.
 */
public interface DatagramConformance extends Kit {

    InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1472, Reactor.MAX_UDP_PAYLOAD})
    @Tag("datagram")
    default void datagramRoundTripsWhole(int size) throws Exception {
        DatagramProbe echo = new DatagramProbe(this, true);
        UdpTransport port = listenUdp(echo, Reactor.MAX_UDP_PAYLOAD);
        DatagramSocket client = client();
        byte[] sent = new byte[size];
        new Random(size).nextBytes(sent);

        client.send(new DatagramPacket(sent, size, port.getHost()));
        byte[] back = receive(client, Reactor.MAX_UDP_PAYLOAD + 1);

        assertArrayEquals(sent, back, "the echo of a " + size + "-byte datagram");
    }

    /**
     * 50 senders, 200 datagrams each, at most 2 in flight per sender (so that the 100 waiting at
     * most fit the server's default receive buffer): every one comes back.
     */
    @Test
    @Tag("datagram")
    @Timeout(60)
    default void tenThousandDatagramsFromFiftySendersAllArrive() throws Exception {
        DatagramProbe echo = new DatagramProbe(this, true);
        UdpTransport port = listenUdp(echo, 2048);
        int senders = 50;
        int each = 200;
        List<Future<Integer>> results = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int id = s;
            results.add(spawn(() -> sendWindowed(port.getHost(), id, each, 2)));
        }
        int echoed = 0;
        for (Future<Integer> r : results) {
            echoed += result(r, WAIT.multipliedBy(2));
        }

        assertEquals(senders * each, echoed, "echoes received by the senders");
        assertEquals(senders * each, echo.receivedCount(), "datagrams the server's protocol saw");
        assertEquals(0L, call(port::droppedDatagrams), "datagrams the server dropped");
    }

    @Test
    @Tag("datagram")
    default void connectedPortHearsRefusal() throws Exception {
        int deadPort;
        try (DatagramSocket gone = new DatagramSocket(0, LOOPBACK)) {
            deadPort = gone.getLocalPort();
        }
        DatagramProbe probe = new DatagramProbe(this, false);
        UdpTransport port = listenUdp(probe, 2048);
        exec(() -> {
            port.connect(new InetSocketAddress(LOOPBACK, deadPort));
            port.write("anyone?".getBytes(StandardCharsets.UTF_8));
        });

        await("connectionRefused after an ICMP port unreachable", () -> probe.refusals() >= 1);
        assertTrue(call(port::isListening), "a refusal leaves the port open");
        assertEquals(new InetSocketAddress(LOOPBACK, deadPort), call(port::getPeer));
    }

    @Test
    @Tag("datagram")
    default void longerDatagramIsReportedNotDeliveredInPart() throws Exception {
        DatagramProbe probe = new DatagramProbe(this, false);
        UdpTransport port = listenUdp(probe, 100);
        DatagramSocket client = client();

        client.send(new DatagramPacket(new byte[101], 101, port.getHost()));
        client.send(new DatagramPacket(new byte[100], 100, port.getHost()));

        assertEquals(100, probe.next().data().length, "the datagram that fits, whole");
        assertEquals(1, probe.truncations(), "the longer one, reported");
        assertEquals(1L, call(port::truncatedDatagrams));
        assertEquals(1L, probe.receivedCount(), "nothing delivered for the longer one");
    }

    @Test
    @Tag("datagram")
    default void portKeepsServingAfterProtocolThrowsAndSendFails() throws Exception {
        DatagramProbe echo = new DatagramProbe(this, true);
        UdpTransport port = listenUdp(echo, 2048);
        DatagramSocket client = client();

        client.send(packet("boom", port));
        // Broadcast without SO_BROADCAST (EACCES), or no route (ENETUNREACH): logged, not thrown.
        exec(() -> port.write("x".getBytes(StandardCharsets.UTF_8), new InetSocketAddress("255.255.255.255", 9)));
        client.send(packet("after", port));

        assertEquals("after", new String(receive(client, 100), StandardCharsets.UTF_8));
        assertTrue(call(port::isListening));
    }

    @Test
    @Tag("datagram")
    default void stoppedPortCanBeBoundAgainAtOnce() throws Exception {
        DatagramProbe first = new DatagramProbe(this, true);
        UdpTransport port = listenUdp(first, 2048);
        InetSocketAddress address = (InetSocketAddress) port.getHost();

        DatagramProbe second = new DatagramProbe(this, true);
        UdpTransport again = call(() -> {
            port.stopListening();
            return reactor().listenUdp(address, second, 2048);
        });
        DatagramSocket client = client();
        client.send(packet("again", again));

        assertEquals("again", new String(receive(client, 100), StandardCharsets.UTF_8));
        await("stopProtocol of the first port", () -> first.stops() == 1);
        assertEquals(0L, first.receivedCount());
        assertEquals(address, again.getHost());
    }

    @Test
    @Tag("datagram")
    default void endpointStringBindsAUdpPort() throws Exception {
        DatagramProbe echo = new DatagramProbe(this, true);
        DatagramTransport port = call(() -> io.torsion.api.endpoints.Endpoints
                .datagramFromString("udp:0:interface=127.0.0.1:maxPacketSize=512").listen(reactor(), echo));
        DatagramSocket client = client();

        client.send(packet("via udp:", port));

        assertEquals("via udp:", new String(receive(client, 100), StandardCharsets.UTF_8));
        assertEquals(512, call(port::maxPacketSize));
    }

    @Test
    @Tag("datagram")
    default void unixDatagramsRoundTrip() throws Exception {
        Path dir = Files.createTempDirectory("torsion-unixgram");
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        try {
            DatagramProbe echo = new DatagramProbe(this, true);
            DatagramProbe probe = new DatagramProbe(this, false);
            DatagramTransport server = listenUnix(a, echo);
            DatagramTransport client = listenUnix(b, probe);

            exec(() -> client.write("hello".getBytes(StandardCharsets.UTF_8), UnixDomainSocketAddress.of(a)));
            DatagramProbe.Received back = probe.next();
            exec(() -> {
                client.connect(UnixDomainSocketAddress.of(a));
                client.write(new byte[0]);
            });
            DatagramProbe.Received empty = probe.next();

            assertEquals("hello", back.text());
            assertEquals(UnixDomainSocketAddress.of(a), back.from());
            assertEquals(0, empty.data().length, "an empty datagram, delivered as an empty buffer");
            assertEquals(UnixDomainSocketAddress.of(a), call(server::getHost));
        } finally {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A receiver that never reads fills up (a Unix datagram socket reports EAGAIN then; UDP over
     * loopback never does, since loopback frees the sender's buffer at once): the sender queues up
     * to its limit, drops and counts the rest, and its memory stays at the limit.
     */
    @Test
    @Tag("datagram")
    default void sendQueueOverflowIsCountedAndBounded() throws Exception {
        Path dir = Files.createTempDirectory("torsion-unixgram");
        Path sink = dir.resolve("sink.sock");
        Path source = dir.resolve("source.sock");
        // The receiver's reactor is never run, so nothing ever reads its socket.
        Reactor idle = Reactors.create(reactor().name());
        try {
            listenUnixOn(idle, sink, new io.torsion.api.DatagramProtocol() {
                @Override
                public void datagramReceived(ByteBuffer data, java.net.SocketAddress from) {
                    // never called: nothing runs this reactor until it stops
                }
            });
            DatagramProbe probe = new DatagramProbe(this, false);
            DatagramTransport sender = listenUnix(source, probe);
            int limit = 64 * 1024;
            int count = 20_000;
            long[] after = call(() -> {
                sender.setSendQueueLimit(limit);
                ByteBuffer datagram = ByteBuffer.allocate(100);
                for (int i = 0; i < count; i++) {
                    datagram.clear();
                    sender.write(datagram, UnixDomainSocketAddress.of(sink));
                }
                return new long[] {sender.droppedDatagrams(), sender.queuedBytes()};
            });

            assertTrue(after[0] > 0, "some datagrams were dropped: " + after[0]);
            assertTrue(after[1] <= limit, "queued bytes stay within the limit: " + after[1]);
            assertEquals(after[0], probe.drops(), "each drop was reported to the protocol");
            int perDatagram = 100 + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD;
            assertTrue(count - after[0] <= 1000 + limit / perDatagram,
                    "no more went or waits than the receiver's queue and the limit hold: " + (count - after[0]));
        } finally {
            idle.stop();
            Thread closer = new Thread(idle::run, "idle-reactor-close");
            closer.start();
            closer.join(WAIT.toMillis());
            Files.deleteIfExists(sink);
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Join, receive, leave (nothing more after leaving), two members of one group and port, and a
     * source-specific join, in a child JVM inside a network namespace of its own, where a route for
     * 224.0.0.0/4 on its loopback is set up and vanishes with it; the host's routes are not touched.
     */
    @Test
    @Tag("datagram")
    @Timeout(90)
    default void multicastJoinReceiveLeave() throws Exception {
        MulticastCheck.runInNamespace(reactor().name());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private UdpTransport listenUdp(DatagramProbe probe, int maxPacketSize) {
        return call(() -> reactor().listenUdp(new InetSocketAddress(LOOPBACK, 0), probe, maxPacketSize));
    }

    /** A Unix datagram port; aborts the test (not passed, with the backend's reason) where there are none. */
    private DatagramTransport listenUnix(Path path, DatagramProbe probe) {
        Object port = call(() -> {
            try {
                return reactor().listenUnixDatagram(path, probe);
            } catch (UnsupportedOperationException e) {
                return e.getMessage();
            }
        });
        if (port instanceof String reason) {
            Assumptions.abort("cannot run here: " + reason);
        }
        return (DatagramTransport) port;
    }

    private static DatagramTransport listenUnixOn(Reactor on, Path path, io.torsion.api.DatagramProtocol probe)
            throws IOException {
        try {
            return on.listenUnixDatagram(path, probe);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("cannot run here: " + e.getMessage());
            throw e;
        }
    }

    private DatagramSocket client() throws IOException {
        DatagramSocket client = closeAfter(new DatagramSocket(0, LOOPBACK));
        client.setSoTimeout((int) WAIT.toMillis());
        return client;
    }

    private static DatagramPacket packet(String text, DatagramTransport to) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new DatagramPacket(bytes, bytes.length, to.getHost());
    }

    private static byte[] receive(DatagramSocket socket, int capacity) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[capacity], capacity);
        socket.receive(packet);
        return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Sends {@code count} numbered datagrams with at most {@code window} unanswered; returns the echoes seen. */
    private static int sendWindowed(java.net.SocketAddress server, int id, int count, int window) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            Set<String> waiting = new HashSet<>();
            int next = 0;
            int echoed = 0;
            while (echoed < count) {
                while (next < count && waiting.size() < window) {
                    String text = id + ":" + next++;
                    waiting.add(text);
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(bytes, bytes.length, server));
                }
                String back = new String(receive(socket, 64), StandardCharsets.UTF_8);
                if (!waiting.remove(back)) {
                    throw new AssertionError("sender " + id + " got an echo it did not send: " + back);
                }
                echoed++;
            }
            return echoed;
        }
    }
}
