package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import io.torsion.api.Factory;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared datagram logic over a scripted handle: what the port does with a full kernel, a refusal,
 * a truncated datagram and a throwing protocol, independent of any backend (the kit repeats what
 * real sockets can show).
 */
class DatagramPortTest {

    private static final SocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000);

    private final ScriptedHandle handle = new ScriptedHandle();
    private final Loop loop = new Loop(handle);
    private final Recorder protocol = new Recorder();

    private UdpTransport listen() throws IOException {
        return loop.listenUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000), protocol, 100);
    }

    @Test
    void fullKernelQueuesThenDropsAndCountsBeyondTheLimit() throws IOException {
        UdpTransport port = listen();
        port.setSendQueueLimit(3 * (10 + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD));
        handle.kernelFull = true;

        for (int i = 0; i < 5; i++) {
            port.write(new byte[10], PEER);
        }

        assertEquals(2, port.droppedDatagrams());
        assertEquals(2, protocol.dropped);
        assertEquals(3 * (10 + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD), port.queuedBytes());
        assertTrue(handle.watchingWrite, "a full queue waits for writability");

        handle.kernelFull = false;
        handle.port.onWritable();

        assertEquals(3, handle.sent.size());
        assertEquals(0, port.queuedBytes());
        assertFalse(handle.watchingWrite, "an empty queue stops asking for writability");
    }

    @Test
    void emptyDatagramsAreChargedTheirOverheadSoTheQueueStaysBounded() throws IOException {
        UdpTransport port = listen();
        handle.kernelFull = true;

        for (int i = 0; i < 100_000; i++) {
            port.write(new byte[0], PEER);
        }

        assertTrue(port.queuedBytes() <= DatagramTransport.DEFAULT_SEND_QUEUE_LIMIT);
        assertEquals(100_000 - DatagramTransport.DEFAULT_SEND_QUEUE_LIMIT / DatagramTransport.QUEUED_DATAGRAM_OVERHEAD,
                port.droppedDatagrams());
    }

    @Test
    void queuedDatagramsLeaveInOrderBeforeNewOnes() throws IOException {
        UdpTransport port = listen();
        handle.kernelFull = true;
        port.write(text("a"), PEER);
        port.write(text("b"), PEER);
        handle.kernelFull = false;
        port.write(text("c"), PEER); // must not overtake a and b

        handle.port.onWritable();

        assertEquals(List.of("a", "b", "c"), handle.sentTexts());
    }

    @Test
    void writableWithoutProgressWaitsInsteadOfSpinning() throws IOException {
        UdpTransport port = listen();
        handle.kernelFull = true;
        port.write(text("a"), PEER);

        handle.port.onWritable(); // the kernel said writable, then took nothing

        assertFalse(handle.watchingWrite, "no writability interest until the retry timer");
        assertEquals(1, port.queuedBytes() > 0 ? 1 : 0);
    }

    @Test
    void oversizedDatagramIsRefusedClearly() throws IOException {
        UdpTransport port = listen();
        handle.tooLarge = true;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> port.write(new byte[70_000], PEER));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
        assertEquals(0, port.droppedDatagrams());
    }

    @Test
    void refusalReachesTheProtocolAndThePortStaysOpen() throws IOException {
        UdpTransport port = listen();
        port.connect(PEER);
        handle.refuseNextSend = true;

        port.write(text("hello"));

        assertEquals(1, protocol.refused);
        assertTrue(port.isListening());
        assertThrows(IllegalStateException.class, () -> listenAgainUnconnected().write(text("x")));
    }

    private DatagramTransport listenAgainUnconnected() throws IOException {
        return loop.listenUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001), new Recorder(), 100);
    }

    @Test
    void truncatedDatagramIsReportedAndTheRestDelivered() throws IOException {
        UdpTransport port = listen();
        handle.incoming.add(new Incoming("whole", false));
        handle.incoming.add(new Incoming("cut", true));
        handle.incoming.add(new Incoming("boom", false));
        handle.incoming.add(new Incoming("after", false));

        handle.port.onReadable(64);

        assertEquals(List.of("whole", "after"), protocol.received);
        assertEquals(1, protocol.truncated);
        assertEquals(1, port.truncatedDatagrams());
    }

    @Test
    void repliesWrittenDuringABatchLeaveTogetherAfterIt() throws IOException {
        handle.stageCapacity = 8;
        loop.listenUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000), new Echo(), 100);
        for (String text : List.of("a", "b", "c")) {
            handle.incoming.add(new Incoming(text, false));
        }

        handle.port.onReadable(64);

        assertEquals(List.of(3), handle.stagedSends, "one batched send of the three replies");
        assertEquals(List.of("a", "b", "c"), handle.sentTexts());
    }

    @Test
    void stagedRepliesTheKernelRefusesGoToTheQueueInOrder() throws IOException {
        handle.stageCapacity = 8;
        UdpTransport port = loop.listenUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000), new Echo(), 100);
        handle.stagedAccepted = 1; // the kernel takes one, then is full
        for (String text : List.of("a", "b", "c")) {
            handle.incoming.add(new Incoming(text, false));
        }

        handle.port.onReadable(64);

        assertEquals(List.of("a"), handle.sentTexts());
        assertEquals(2 * (1 + DatagramTransport.QUEUED_DATAGRAM_OVERHEAD), port.queuedBytes());
        assertTrue(handle.watchingWrite);
        handle.port.onWritable();
        assertEquals(List.of("a", "b", "c"), handle.sentTexts());
    }

    /** Echoes each datagram to its sender. */
    private static final class Echo extends DatagramProtocol {
        @Override public void datagramReceived(ByteBuffer data, SocketAddress from) {
            transport.write(data, from);
        }
    }

    @Test
    void budgetRunningOutIsReportedForTheReadyList() throws IOException {
        listen();
        for (int i = 0; i < 10; i++) {
            handle.incoming.add(new Incoming("d" + i, false));
        }

        assertTrue(handle.port.onReadable(4), "budget ran out with more waiting");
        assertEquals(4, protocol.received.size());
        assertFalse(handle.port.onReadable(64), "the queue emptied");
        assertEquals(10, protocol.received.size());
    }

    @Test
    void stopListeningClosesOnceAndStopsTheProtocolLater() throws IOException {
        UdpTransport port = listen();
        handle.kernelFull = true;
        port.write(text("queued"), PEER);

        port.stopListening();
        port.stopListening();

        assertEquals(1, handle.closes);
        assertEquals(0, port.queuedBytes(), "the queue is dropped with the socket");
        assertEquals(0, protocol.stops, "stopProtocol is deferred to the next turn");
        port.write(text("late"), PEER); // dropped silently
        assertEquals(0, port.droppedDatagrams());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnySocketIsMade() {
        assertThrows(IllegalArgumentException.class,
                () -> loop.listenUdp(new InetSocketAddress(0), protocol, 0));
        assertThrows(IllegalArgumentException.class,
                () -> loop.listenUdp(new InetSocketAddress(0), protocol, 65_508));
        assertThrows(IllegalArgumentException.class,
                () -> loop.listenUdp(InetSocketAddress.createUnresolved("example.invalid", 1), protocol, 100));
        assertEquals(0, handle.opened);
    }

    @Test
    void multicastArgumentsAreChecked() throws IOException {
        UdpTransport port = listen();
        assertThrows(IllegalArgumentException.class, () -> port.joinGroup(InetAddress.getLoopbackAddress(), null));
        assertThrows(IllegalArgumentException.class, () -> port.joinGroup(InetAddress.getByName("ff02::1"), null));
        assertThrows(IllegalArgumentException.class, () -> port.setTimeToLive(256));
        port.joinGroup(InetAddress.getByName("224.3.29.71"), null);
        assertEquals(List.of("join /224.3.29.71"), handle.options);
    }

    // ---- scaffolding ---------------------------------------------------------------------------

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private record Incoming(String text, boolean truncated) {
    }

    /** A kernel the test scripts. */
    private static final class ScriptedHandle implements UdpHandle, Registrar {
        DatagramPort port;
        boolean kernelFull;
        boolean tooLarge;
        boolean refuseNextSend;
        boolean watchingWrite;
        int closes;
        int opened;
        final List<byte[]> sent = new ArrayList<>();
        final ArrayDeque<Incoming> incoming = new ArrayDeque<>();
        final List<String> options = new ArrayList<>();
        final List<Integer> stagedSends = new ArrayList<>();
        final List<byte[]> stagedBytes = new ArrayList<>();
        int stageCapacity = 1;
        int stagedAccepted = Integer.MAX_VALUE;
        private final List<Incoming> batch = new ArrayList<>();

        @Override public int sendBatchCapacity() {
            return stageCapacity;
        }

        @Override public boolean stage(int i, ByteBuffer data, SocketAddress to) {
            if (i == 0) {
                stagedBytes.clear();
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            stagedBytes.add(bytes);
            return true;
        }

        @Override public int sendStaged(int from, int count) {
            int n = Math.min(count - from, stagedAccepted);
            stagedAccepted -= n;
            if (n == 0) {
                return 0;
            }
            stagedSends.add(n);
            sent.addAll(stagedBytes.subList(from, from + n));
            return n;
        }

        @Override public ByteBuffer staged(int i) {
            return ByteBuffer.wrap(stagedBytes.get(i));
        }

        List<String> sentTexts() {
            return sent.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        }

        @Override public Registrar register(ReadinessHandler handler) {
            this.port = (DatagramPort) handler;
            return this;
        }

        @Override public void watchConnect() {
            throw new UnsupportedOperationException();
        }

        @Override public void readNow() {
        }

        @Override public void cancel() {
        }

        @Override public int batchCapacity() {
            return stageCapacity; // a backend that batches sends batches receives too
        }

        @Override public int receive(int max) {
            batch.clear();
            while (batch.size() < max && !incoming.isEmpty()) {
                batch.add(incoming.poll());
            }
            return batch.size();
        }

        @Override public ByteBuffer data(int i) {
            return text(batch.get(i).text());
        }

        @Override public SocketAddress sender(int i) {
            return PEER;
        }

        @Override public boolean truncated(int i) {
            return batch.get(i).truncated();
        }

        @Override public boolean send(ByteBuffer data, SocketAddress to) throws IOException {
            if (tooLarge) {
                throw new DatagramTooLargeException(data.remaining());
            }
            if (refuseNextSend) {
                refuseNextSend = false;
                throw new PortUnreachableException("ECONNREFUSED");
            }
            if (kernelFull) {
                return false;
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            sent.add(bytes);
            return true;
        }

        @Override public void connect(SocketAddress peer) {
        }

        @Override public SocketAddress localAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
        }

        @Override public void watch(boolean read, boolean write) {
            watchingWrite = write;
        }

        @Override public void close() {
            closes++;
        }

        @Override public void setBroadcast(boolean on) {
        }

        @Override public boolean broadcast() {
            return false;
        }

        @Override public void join(InetAddress group, NetworkInterface nif, InetAddress source) {
            options.add("join " + group);
        }

        @Override public void leave(InetAddress group, NetworkInterface nif, InetAddress source) {
        }

        @Override public void setMulticastTtl(int ttl) {
        }

        @Override public int multicastTtl() {
            return 1;
        }

        @Override public void setMulticastLoop(boolean on) {
        }

        @Override public boolean multicastLoop() {
            return true;
        }

        @Override public void setMulticastInterface(NetworkInterface nif) {
        }
    }

    /** An event loop that is never run: enough to open ports on the test thread. */
    private static final class Loop extends EventLoop {
        private final ScriptedHandle handle;

        Loop(ScriptedHandle handle) {
            super("scripted");
            this.handle = handle;
            supportUdp((address, reuse, maxPacketSize) -> {
                handle.opened++;
                return handle;
            });
        }

        @Override protected void poll(long timeoutNanos) {
        }

        @Override protected void wakeup() {
        }


        @Override protected void closeBackend() {
        }
    }

    private static final class Recorder extends DatagramProtocol {
        final List<String> received = new ArrayList<>();
        int truncated;
        int refused;
        int dropped;
        int stops;

        @Override public void datagramReceived(ByteBuffer data, SocketAddress from) {
            String text = StandardCharsets.UTF_8.decode(data).toString();
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            received.add(text);
        }

        @Override public void datagramTruncated(SocketAddress from) {
            truncated++;
        }

        @Override public void connectionRefused() {
            refused++;
        }

        @Override public void datagramDropped(SocketAddress to, int length) {
            dropped++;
        }

        @Override public void stopProtocol() {
            stops++;
        }
    }
}
