package io.torsion.api.testing;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.DelayedCall;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.TcpTransport;
import io.torsion.api.Transport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link Transport} with no socket behind it, like Twisted's
 * {@code twisted.internet.testing.StringTransport}: it records what the protocol writes and what it
 * asks of the connection, and lets the test play the peer and the kernel.
 *
 * <pre>{@code
 * EchoProtocol echo = new EchoProtocol();
 * StringTransport transport = StringTransport.connect(echo);   // makeConnection, connectionMade
 * transport.receive("hello\r\n");                               // dataReceived, unless paused
 * assertEquals("hello\r\n", transport.valueString());
 * transport.loseConnectionNow();                                // connectionLost, exactly once
 * }</pre>
 *
 * <p><b>Written bytes.</b> {@link #value()} is every byte the protocol wrote while the connection
 * was open for writing, in order, whatever the simulated kernel did with them. Writes after
 * {@link #loseConnection()}, {@link #abortConnection()} or {@link #loseWriteConnection()} are
 * dropped, as on a real transport.
 *
 * <p><b>The simulated kernel.</b> By default the kernel takes every write at once and
 * {@link #queuedBytes()} stays 0. After {@link #setWritesBlocked(boolean) setWritesBlocked(true)} it
 * takes nothing, as when the peer stops reading: written bytes wait in the outbound queue until
 * {@link #drain()} (or {@link #drain(long)}) lets the kernel take them. The queue follows the real
 * transport's water marks: a registered producer is paused when the queue rises above the high mark
 * and resumed once it drains to the low mark or below, exactly as the reactors' transport does.
 *
 * <p><b>Closing.</b> Nothing closes by itself. The close requests a protocol makes are recorded
 * ({@link #isDisconnecting()}, {@link #isAborted()}, {@link #isWriteClosed()}); the test finishes
 * the connection with {@link #loseConnectionNow()} or {@link #loseConnectionNow(ConnectionClosed)},
 * which tell the registered producer to stop and call the protocol's {@code connectionLost} exactly
 * once. An idle timeout that expires does the same with {@link ConnectionTimedOut}.
 *
 * <p><b>Received bytes.</b> {@link #receive} plays the peer: while reading is not paused the bytes
 * go to the protocol's {@code dataReceived} at once, otherwise they wait and are delivered, in order,
 * when {@link #resumeProducing()} is called. A delivery never starts inside another one: bytes
 * received from within {@code dataReceived} are delivered after it returns. Once a delivery returns,
 * the buffer it used is overwritten, so a protocol that kept the buffer instead of copying its bytes
 * fails its tests here rather than in production.
 *
 * <p>Not thread-safe: use it from the test thread, as a reactor uses a transport from its own thread.
 */
public final class StringTransport implements TcpTransport {

    /** The peer address unless {@link #setPeer} says otherwise: 127.0.0.1:12345. */
    public static final InetSocketAddress DEFAULT_PEER = new InetSocketAddress("127.0.0.1", 12345);

    /** The local address unless {@link #setHost} says otherwise: 127.0.0.1:54321. */
    public static final InetSocketAddress DEFAULT_HOST = new InetSocketAddress("127.0.0.1", 54321);

    /** The real transport's default high-water mark. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;

    /** The real transport's default low-water mark. */
    public static final int DEFAULT_LOW_WATER_MARK = 16 * 1024;

    /** What has been asked of the connection's life so far. */
    private enum Closing {
        OPEN,
        LOSE_REQUESTED,
        ABORT_REQUESTED,
        CLOSED
    }

    private final ManualClock clock;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ArrayDeque<byte[]> unread = new ArrayDeque<>();
    private Protocol protocol;
    private Closing closing = Closing.OPEN;
    private ConnectionClosed closeReason;
    private boolean writeClosed;
    private boolean paused;
    private boolean delivering;
    private final SimulatedSendQueue sendQueue = new SimulatedSendQueue();
    private boolean tcpNoDelay;
    private boolean keepAlive;
    private InetSocketAddress peer = DEFAULT_PEER;
    private InetSocketAddress host = DEFAULT_HOST;
    private Duration idleTimeout;
    private DelayedCall idleTimer;

    /** A transport without a clock: {@link #setIdleTimeout} and {@link #scheduler()} then throw. */
    public StringTransport() {
        this(null);
    }

    /** A transport whose idle timeout and {@link #scheduler()} run on {@code clock}. */
    public StringTransport(ManualClock clock) {
        this.clock = clock;
    }

    /** Connects {@code protocol} to a new transport without a clock; see {@link #attach}. */
    public static StringTransport connect(Protocol protocol) {
        return new StringTransport().attach(protocol);
    }

    /** Connects {@code protocol} to a new transport driven by {@code clock}; see {@link #attach}. */
    public static StringTransport connect(Protocol protocol, ManualClock clock) {
        return new StringTransport(Objects.requireNonNull(clock, "clock")).attach(protocol);
    }

    /**
     * Makes the connection: remembers {@code protocol} (the one {@link #receive} and
     * {@link #loseConnectionNow} talk to) and calls its {@code makeConnection(this)}. Returns this.
     */
    public StringTransport attach(Protocol protocol) {
        if (this.protocol != null) {
            throw new IllegalStateException("already connected to " + this.protocol);
        }
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        protocol.makeConnection(this);
        return this;
    }

    /**
     * Makes the connection the way a reactor does for an accepted socket: builds the protocol with
     * {@code factory.buildProtocol(getPeer())}, records the factory on a {@link BaseProtocol} that
     * has none, and {@link #attach attaches} it. Set the peer first to tell connections apart.
     *
     * @throws IllegalStateException if the factory refuses the connection (returns null); test a
     *     refusal by calling {@code buildProtocol} directly
     */
    public StringTransport attachBuiltBy(Factory factory) {
        Protocol built = factory.buildProtocol(peer);
        if (built == null) {
            throw new IllegalStateException(factory + " refused the connection from " + peer);
        }
        if (built instanceof BaseProtocol base && base.factory() == null) {
            base.setFactory(factory);
        }
        return attach(built);
    }

    /** The protocol given to {@link #attach}, or null. */
    public Protocol protocol() {
        return protocol;
    }

    // ---- what the protocol wrote ----

    /** Every byte written so far (since the last {@link #clear()}). */
    public byte[] value() {
        return written.toByteArray();
    }

    /** {@link #value()} decoded as UTF-8. */
    public String valueString() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /** Forgets the bytes written so far; the outbound queue is not affected. */
    public void clear() {
        written.reset();
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (acceptsWrites()) {
            record(data, 0, data.length);
        }
    }

    @Override
    public void write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (!acceptsWrites()) {
            data.position(data.limit());
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        record(copy, 0, copy.length);
    }

    @Override
    public void writeSequence(ByteBuffer... data) {
        for (ByteBuffer buffer : data) {
            write(buffer);
        }
    }

    // ---- the simulated kernel and the water marks ----

    /**
     * With {@code true} the kernel accepts nothing, so written bytes queue (as when the peer stops
     * reading); with {@code false} it takes everything again, draining the queue at once.
     */
    public void setWritesBlocked(boolean blocked) {
        tookBytes(sendQueue.setBlocked(blocked));
    }

    public boolean isWritesBlocked() {
        return sendQueue.isBlocked();
    }

    /** The kernel takes everything queued; a paused producer resumes. Returns how many bytes it took. */
    public long drain() {
        return drain(Long.MAX_VALUE);
    }

    /**
     * The kernel takes up to {@code maxBytes} of the queue; if that brings the queue down to the
     * low-water mark or below, a paused producer resumes. Returns how many bytes it took.
     */
    public long drain(long maxBytes) {
        return tookBytes(sendQueue.drain(maxBytes));
    }

    @Override
    public long queuedBytes() {
        return sendQueue.queued();
    }

    @Override
    public boolean isWriteBufferFull() {
        return sendQueue.isFull();
    }

    @Override
    public void setWaterMarks(int high, int low) {
        sendQueue.setWaterMarks(high, low);
    }

    public int highWaterMark() {
        return sendQueue.highWaterMark();
    }

    public int lowWaterMark() {
        return sendQueue.lowWaterMark();
    }

    @Override
    public void registerProducer(PushProducer producer) {
        sendQueue.register(Objects.requireNonNull(producer, "producer"));
    }

    @Override
    public void unregisterProducer() {
        sendQueue.register(null);
    }

    /** The producer registered with {@link #registerProducer}, or null. */
    public PushProducer producer() {
        return sendQueue.producer();
    }

    // ---- reading: the peer's side ----

    /**
     * The peer sends {@code data}: delivered to the protocol now unless reading is paused (then on
     * {@link #resumeProducing()}). Ignored once the connection is closing. Restarts the idle timer.
     */
    public void receive(byte[] data) {
        if (protocol == null) {
            throw new IllegalStateException("not connected: call attach(protocol) first");
        }
        if (closing != Closing.OPEN) {
            return;
        }
        unread.add(data.clone());
        touch();
        deliverUnread();
    }

    /** The peer sends {@code text} encoded as UTF-8; see {@link #receive(byte[])}. */
    public void receive(String text) {
        receive(text.getBytes(StandardCharsets.UTF_8));
    }

    /** How many received bytes wait for reading to resume. */
    public int unreadBytes() {
        return unread.stream().mapToInt(chunk -> chunk.length).sum();
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
        deliverUnread();
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    // ---- closing ----

    @Override
    public void loseConnection() {
        if (closing == Closing.OPEN) {
            closing = Closing.LOSE_REQUESTED;
        }
    }

    @Override
    public void abortConnection() {
        if (closing == Closing.OPEN || closing == Closing.LOSE_REQUESTED) {
            closing = Closing.ABORT_REQUESTED;
            sendQueue.dropQueued();
        }
    }

    @Override
    public void loseWriteConnection() {
        writeClosed = true;
    }

    /** True once {@link #loseConnection()} or {@link #abortConnection()} was called, or the connection closed. */
    public boolean isDisconnecting() {
        return closing != Closing.OPEN;
    }

    /** True once {@link #abortConnection()} was called. */
    public boolean isAborted() {
        return closing == Closing.ABORT_REQUESTED || closeReason instanceof ConnectionAborted;
    }

    /** True once {@link #loseWriteConnection()} was called. */
    public boolean isWriteClosed() {
        return writeClosed;
    }

    /** True once the protocol heard {@code connectionLost}. */
    public boolean isClosed() {
        return closing == Closing.CLOSED;
    }

    /** The reason handed to the protocol's {@code connectionLost}, or null while it has not closed. */
    public ConnectionClosed closeReason() {
        return closeReason;
    }

    @Override
    public boolean isOpen() {
        return closing == Closing.OPEN;
    }

    /**
     * Finishes the connection as the reactor would after what was asked: {@link ConnectionAborted}
     * after {@link #abortConnection()}, otherwise {@link ConnectionDone} (a {@code loseConnection}
     * whose queue flushed, or a clean close by the peer).
     */
    public void loseConnectionNow() {
        loseConnectionNow(closing == Closing.ABORT_REQUESTED ? new ConnectionAborted() : new ConnectionDone());
    }

    /**
     * Finishes the connection with {@code reason}: the registered producer (unless it is this
     * transport) hears {@code stopProducing}, then the protocol hears {@code connectionLost(reason)}.
     * Only the first call does anything, so {@code connectionLost} runs exactly once.
     */
    public void loseConnectionNow(ConnectionClosed reason) {
        Objects.requireNonNull(reason, "reason");
        if (closing == Closing.CLOSED) {
            return;
        }
        closing = Closing.CLOSED;
        closeReason = reason;
        sendQueue.dropQueued();
        unread.clear();
        cancelIdleTimer();
        stopProducer();
        if (protocol != null) {
            protocol.connectionLost(reason);
        }
    }

    // ---- options, addresses, timers ----

    @Override
    public InetSocketAddress getPeer() {
        return peer;
    }

    @Override
    public InetSocketAddress getHost() {
        return host;
    }

    public void setPeer(InetSocketAddress peer) {
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    public void setHost(InetSocketAddress host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    public boolean isTcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public void setKeepAlive(boolean enabled) {
        keepAlive = enabled;
    }

    public boolean isKeepAlive() {
        return keepAlive;
    }

    /**
     * Closes the connection with {@link ConnectionTimedOut} when {@code idle} passes on the clock
     * with nothing {@link #receive received} and nothing taken by the simulated kernel (bytes that
     * only queue are not activity, as on a real socket); {@code null} or zero turns it off.
     *
     * @throws IllegalStateException if this transport was made without a {@link ManualClock}
     */
    @Override
    public void setIdleTimeout(Duration idle) {
        if (clock == null) {
            throw new IllegalStateException("idle timeouts need a clock: use new StringTransport(ManualClock)");
        }
        cancelIdleTimer();
        if (idle == null || idle.isZero() || idle.isNegative() || closing == Closing.CLOSED) {
            idleTimeout = null;
            return;
        }
        idleTimeout = idle;
        idleTimer = clock.callLater(idle, () -> loseConnectionNow(new ConnectionTimedOut(idle)));
    }

    /** The idle timeout in force, or null. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * The clock given to the constructor.
     *
     * @throws IllegalStateException if there is none
     */
    @Override
    public Scheduler scheduler() {
        if (clock == null) {
            throw new IllegalStateException("this StringTransport has no clock");
        }
        return clock;
    }

    @Override
    public String toString() {
        return "StringTransport[" + closing + ", peer " + peer + ", " + written.size() + " bytes written, "
                + sendQueue.queued() + " queued]";
    }

    private boolean acceptsWrites() {
        return closing == Closing.OPEN && !writeClosed;
    }

    private void record(byte[] data, int offset, int length) {
        written.write(data, offset, length);
        tookBytes(sendQueue.write(length));
    }

    /** Bytes the kernel took are activity for the idle timer. */
    private long tookBytes(long taken) {
        if (taken > 0) {
            touch();
        }
        return taken;
    }

    private void deliverUnread() {
        if (delivering) {
            return; // the delivery loop further up the stack picks the bytes up
        }
        delivering = true;
        try {
            while (!paused && closing == Closing.OPEN && !unread.isEmpty()) {
                byte[] chunk = unread.poll();
                protocol.dataReceived(ByteBuffer.wrap(chunk));
                Arrays.fill(chunk, (byte) 0x5A); // scribble: the buffer was only valid during the call
            }
        } finally {
            delivering = false;
        }
    }

    private void touch() {
        if (idleTimer != null && idleTimer.isActive()) {
            idleTimer.reset(idleTimeout);
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    private void stopProducer() {
        PushProducer stopping = sendQueue.producer();
        sendQueue.register(null);
        if (stopping != null && stopping != this) {
            stopping.stopProducing();
        }
    }
}
