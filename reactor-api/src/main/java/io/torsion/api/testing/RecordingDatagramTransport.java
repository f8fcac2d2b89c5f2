package io.torsion.api.testing;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.UdpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * A {@link UdpTransport} with no socket behind it, the datagram sibling of {@link StringTransport}:
 * it records every datagram the protocol sends as a {@link Sent} pair of bytes and address, and
 * lets the test play the senders and the kernel.
 *
 * <pre>{@code
 * RecordingDatagramTransport port = RecordingDatagramTransport.start(new Echo());   // startProtocol
 * port.receive("hello", client);                                                    // datagramReceived
 * assertEquals(List.of(new Sent("hello", client)), port.sentStrings());
 * port.stopListening();                                                             // stopProtocol
 * }</pre>
 *
 * <p><b>The simulated kernel</b> takes every datagram at once, unless {@link #setWritesBlocked}
 * says its buffer is full: then datagrams wait in a send queue with the real port's limit and
 * overhead, and beyond it are dropped, counted and reported to
 * {@link DatagramProtocol#datagramDropped}, as on a real port; {@link #drain()} lets them go.
 * {@link #sent()} lists what the kernel took, in order.
 *
 * <p>{@link #receive} delivers through one reused buffer that is overwritten after each call, so a
 * protocol that keeps the buffer fails here. Multicast memberships, TTL, loopback and broadcast are
 * recorded; {@code stopProtocol} runs from inside {@link #stopListening()} (the reactor defers it).
 */
public final class RecordingDatagramTransport implements UdpTransport {

    /** One datagram the protocol sent: its bytes and where to (null: the connected peer). */
    public record Sent(byte[] data, SocketAddress to) {
        /** The bytes as UTF-8. */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sent s && java.util.Arrays.equals(data, s.data) && Objects.equals(to, s.to);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data) * 31 + Objects.hashCode(to);
        }

        @Override
        public String toString() {
            return "Sent[" + text() + " -> " + to + "]";
        }
    }

    /** A multicast membership as joined: group, interface (may be null) and source (null: any). */
    public record Membership(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
    }

    private final DatagramProtocol protocol;
    private final SocketAddress host;
    private final int maxPacketSize;
    private final List<Sent> sent = new ArrayList<>();
    private final ArrayDeque<Sent> queued = new ArrayDeque<>();
    private final Set<Membership> memberships = new LinkedHashSet<>();
    private SocketAddress peer;
    private boolean listening = true;
    private boolean writesBlocked;
    private int queueLimit = DEFAULT_SEND_QUEUE_LIMIT;
    private int queuedBytes;
    private long dropped;
    private long truncated;
    private boolean broadcast;
    private int ttl = 1;
    private boolean loopback = true;
    private NetworkInterface outgoing;

    private RecordingDatagramTransport(DatagramProtocol protocol, SocketAddress host, int maxPacketSize) {
        this.protocol = protocol;
        this.host = host;
        this.maxPacketSize = maxPacketSize;
    }

    /** A port at 127.0.0.1:10000 with a maxPacketSize of 8192; starts {@code protocol} on it. */
    public static RecordingDatagramTransport start(DatagramProtocol protocol) {
        return start(protocol, new InetSocketAddress(InetAddress.getLoopbackAddress(), 10000), 8192);
    }

    /** A port at {@code host}; starts {@code protocol} on it ({@code makeConnection}, {@code startProtocol}). */
    public static RecordingDatagramTransport start(DatagramProtocol protocol, SocketAddress host, int maxPacketSize) {
        RecordingDatagramTransport transport = new RecordingDatagramTransport(protocol, host, maxPacketSize);
        protocol.makeConnection(transport);
        return transport;
    }

    // ---- playing the senders -------------------------------------------------------------------

    /**
     * Delivers {@code data} as one datagram from {@code from}: to {@code datagramReceived}, or, when
     * longer than maxPacketSize, to {@code datagramTruncated}. Ignored once stopped, or from anyone
     * but the peer when connected (the kernel filters those).
     */
    public void receive(byte[] data, SocketAddress from) {
        if (!listening || peer != null && !peer.equals(from)) {
            return;
        }
        if (data.length > maxPacketSize) {
            truncated++;
            protocol.datagramTruncated(from);
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(data.length);
        buffer.put(data).flip();
        try {
            protocol.datagramReceived(buffer, from);
        } finally {
            buffer.clear();
            while (buffer.hasRemaining()) {
                buffer.put((byte) '#'); // a protocol that kept the buffer sees garbage
            }
        }
    }

    /** {@link #receive(byte[], SocketAddress)} of {@code text} as UTF-8. */
    public void receive(String text, SocketAddress from) {
        receive(text.getBytes(StandardCharsets.UTF_8), from);
    }

    /** Plays the kernel reporting ICMP port unreachable on a connected port. */
    public void refuse() {
        if (peer == null) {
            throw new IllegalStateException("only a connected port hears refusals");
        }
        protocol.connectionRefused();
    }

    // ---- playing the kernel --------------------------------------------------------------------

    /** While blocked the kernel takes nothing: datagrams queue (bounded) until {@link #drain()}. */
    public void setWritesBlocked(boolean blocked) {
        writesBlocked = blocked;
    }

    /** Lets the kernel take everything queued, in order. */
    public void drain() {
        while (!queued.isEmpty()) {
            Sent s = queued.poll();
            queuedBytes -= s.data().length + QUEUED_DATAGRAM_OVERHEAD;
            sent.add(s);
        }
    }

    /** What the kernel took, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The texts of what the kernel took, in order. */
    public List<String> sentTexts() {
        return sent.stream().map(Sent::text).toList();
    }

    /** Forgets what was sent so far. */
    public void clearSent() {
        sent.clear();
    }

    public Set<Membership> memberships() {
        return Set.copyOf(memberships);
    }

    public NetworkInterface outgoingInterface() {
        return outgoing;
    }

    // ---- UdpTransport --------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer data, SocketAddress to) {
        Objects.requireNonNull(to, "to");
        send(data, to);
    }

    @Override
    public void write(ByteBuffer data) {
        if (peer == null) {
            throw new IllegalStateException("write(data) needs a connected port; use write(data, to) or connect first");
        }
        send(data, null);
    }

    private void send(ByteBuffer data, SocketAddress to) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (!listening) {
            return;
        }
        Sent s = new Sent(bytes, to);
        if (!writesBlocked && queued.isEmpty()) {
            sent.add(s);
            return;
        }
        int cost = bytes.length + QUEUED_DATAGRAM_OVERHEAD;
        if ((long) queuedBytes + cost <= queueLimit) {
            queued.add(s);
            queuedBytes += cost;
            return;
        }
        dropped++;
        protocol.datagramDropped(to == null ? peer : to, bytes.length);
    }

    @Override
    public void connect(SocketAddress peer) {
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    @Override
    public SocketAddress getPeer() {
        return peer;
    }

    @Override
    public SocketAddress getHost() {
        return host;
    }

    @Override
    public void stopListening() {
        if (listening) {
            listening = false;
            queued.clear();
            queuedBytes = 0;
            protocol.stopProtocol();
        }
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public long droppedDatagrams() {
        return dropped;
    }

    @Override
    public long truncatedDatagrams() {
        return truncated;
    }

    @Override
    public int queuedBytes() {
        return queuedBytes;
    }

    @Override
    public void setSendQueueLimit(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("send queue limit must not be negative: " + bytes);
        }
        queueLimit = bytes;
    }

    @Override
    public int maxPacketSize() {
        return maxPacketSize;
    }

    @Override
    public void setBroadcastAllowed(boolean allowed) {
        broadcast = allowed;
    }

    @Override
    public boolean isBroadcastAllowed() {
        return broadcast;
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface networkInterface) {
        joinGroup(group, networkInterface, null);
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("not a multicast group address: " + group);
        }
        memberships.add(new Membership(group, networkInterface, source));
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface) {
        leaveGroup(group, networkInterface, null);
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
        memberships.remove(new Membership(group, networkInterface, source));
    }

    @Override
    public void setTimeToLive(int ttl) {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("time-to-live must be 0 to 255: " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public int getTimeToLive() {
        return ttl;
    }

    @Override
    public void setLoopbackMode(boolean loopback) {
        this.loopback = loopback;
    }

    @Override
    public boolean getLoopbackMode() {
        return loopback;
    }

    @Override
    public void setOutgoingInterface(NetworkInterface networkInterface) {
        outgoing = networkInterface;
    }
}
