package io.torsion.spi;

import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a TCP connection does that does not depend on how the backend talks to the kernel:
 * the write queue and water marks, pausing, half-close, idle timeout, closing exactly once, and
 * shielding the reactor from exceptions thrown by the protocol.
 *
 * <p>A backend subclasses this with the raw socket calls (the {@code protected abstract} methods)
 * and calls {@link #onReadable}, {@link #onWritable}, {@link #onConnectable} and {@link #onError}
 * when the kernel reports readiness. The subclass never sees a protocol.
 *
 * <p><b>Pausing.</b> While paused, the transport keeps reading into a small side buffer (at most
 * {@link #PAUSED_READ_LIMIT} bytes) and stops asking for readability once it is full. That way a
 * paused connection still notices a peer that resets, and nothing read is lost: on resume the side
 * buffer is delivered first, then reading goes on (a read is attempted at once, so an
 * edge-triggered backend never waits for an edge that already came).
 */
public abstract class StreamTransport implements Transport {

    /** Bytes read while paused before reading stops; enough to notice a reset, small enough to bound memory. */
    public static final int PAUSED_READ_LIMIT = 16 * 1024;

    /** Chunks handed to one gathering write: 64 × 16 KiB covers any socket send buffer. */
    private static final int GATHER_LIMIT = 64;

    private static final Logger log = LoggerFactory.getLogger(StreamTransport.class);

    private enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final WriteQueue queue;
    private final ByteBuffer[] gather = new ByteBuffer[GATHER_LIMIT];
    private InetSocketAddress peer;
    private InetSocketAddress host;
    private Protocol protocol;
    private State state;
    private boolean paused;
    private boolean readEof;
    private boolean eofPending;
    private boolean writeShutdownRequested;
    private boolean writeShutdownDone;
    private ByteBuffer pausedData;
    private PushProducer producer;
    private boolean writeBufferFull;
    private int highWater = 64 * 1024;
    private int lowWater = 16 * 1024;
    private long idleNanos;
    private long lastActivity;
    private io.torsion.api.DelayedCall idleTimer;
    private boolean wantRead;
    private boolean wantWrite;
    private Consumer<ConnectionClosed> closeListener;
    private Runnable readAfterResume;
    private Scheduler scheduler;
    TcpConnector connector;

    /**
     * A transport for a socket that is already connected (accepted), or, with {@code connecting}
     * true, one whose non-blocking connect is under way.
     */
    protected StreamTransport(EventLoop loop, InetSocketAddress peer, InetSocketAddress host, boolean connecting) {
        this.loop = loop;
        this.queue = new WriteQueue(loop.bufferPool());
        this.peer = peer;
        this.host = host;
        this.state = connecting ? State.CONNECTING : State.OPEN;
    }

    // ---- what a backend provides -------------------------------------------------------------

    /** Reads into {@code dst}: bytes read, 0 when nothing is ready, -1 at end of stream. */
    protected abstract int readFromSocket(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}, advancing its position; returns bytes written, 0 when the kernel is full. */
    protected abstract int writeToSocket(ByteBuffer src) throws IOException;

    /** Gathering write; advances the buffers' positions; returns bytes written, 0 when the kernel is full. */
    protected abstract long writeToSocket(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Shuts down the sending side of the socket. */
    protected abstract void shutdownSocketOutput() throws IOException;

    /** Completes a non-blocking connect: true when connected, false when still pending; throws when it failed. */
    protected abstract boolean finishConnect() throws IOException;

    /** Deregisters and closes the socket. Called exactly once, on the reactor thread. */
    protected abstract void closeSocket();

    /**
     * The readiness this connection wants changed. While connecting, {@code write} means "tell me
     * when the connect completes". A backend with nothing to watch should stop watching the socket
     * entirely (epoll: remove it, since hang-ups are reported whatever the mask).
     */
    protected abstract void interestChanged(boolean read, boolean write);

    protected abstract void applyTcpNoDelay(boolean enabled) throws IOException;

    protected abstract void applyKeepAlive(boolean enabled) throws IOException;

    /**
     * Reads now, without waiting for readiness: called after a resume, because data that arrived
     * while paused raises no new edge. Level-triggered backends read once; an edge-triggered backend
     * reads with its budget and, if that runs out, queues the connection on its ready list.
     */
    protected void readNow() {
        onReadable(1);
    }

    /**
     * Registers the initial interest: called by the reactor once the transport is tracked (accepted
     * and started, or connect begun).
     */
    final void beginWatching() {
        updateInterest();
    }

    /** Looks up the addresses once the connect completed (for transports made connecting). */
    protected void connected(InetSocketAddress peer, InetSocketAddress host) {
        this.peer = peer;
        this.host = host;
    }

    // ---- events from the backend -------------------------------------------------------------

    /**
     * Starts the connection with {@code protocol}: calls {@code makeConnection} and starts reading.
     * An exception from the protocol closes the connection.
     */
    public final void start(Protocol protocol, Consumer<ConnectionClosed> closeListener) {
        this.protocol = protocol;
        this.closeListener = closeListener;
        loop.connectionOpened(this);
        updateInterest();
        try {
            protocol.makeConnection(this);
        } catch (RuntimeException | Error e) {
            protocolFailed("connectionMade", e);
        }
    }

    /**
     * The socket is readable: reads at most {@code maxReads} times (stopping early when the kernel
     * has nothing more). Returns true when the budget ran out while more may be waiting, so an
     * edge-triggered backend knows to come back without a new edge.
     */
    public final boolean onReadable(int maxReads) {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < maxReads; i++) {
            // After loseConnection nothing more is delivered, as in Twisted: the protocol is done.
            if (state != State.OPEN || readEof || eofPending) {
                return false;
            }
            if (paused) {
                readWhilePaused(buffer);
                return false;
            }
            if (pausedData != null) {
                // Resumed, but what was read while paused is not delivered yet: it goes first.
                return false;
            }
            buffer.clear();
            int n;
            try {
                n = readFromSocket(buffer);
            } catch (IOException e) {
                connectionFailed(e);
                return false;
            }
            if (n == 0) {
                return false;
            }
            if (n < 0) {
                endOfStream();
                return false;
            }
            buffer.flip();
            touch();
            deliver(buffer);
            if (n < buffer.capacity()) {
                // A short read means the kernel's queue is empty; a new packet raises a new edge.
                return false;
            }
        }
        return true;
    }

    /** The socket is writable: sends what is queued. */
    public final void onWritable() {
        if (state == State.CONNECTING) {
            onConnectable();
            return;
        }
        flush();
    }

    /** The pending connect may have completed (writable, or an error was reported). */
    public final void onConnectable() {
        if (state != State.CONNECTING) {
            return;
        }
        boolean done;
        try {
            done = finishConnect();
        } catch (IOException e) {
            connector.connectFailed(e);
            return;
        }
        if (done) {
            state = State.OPEN;
            connector.connected();
        }
    }

    /** The kernel reported an error on the socket (reset, and so on). */
    public final void onError(IOException error) {
        if (state == State.CONNECTING) {
            connector.connectFailed(error);
        } else {
            connectionFailed(error);
        }
    }

    // ---- Transport ---------------------------------------------------------------------------

    @Override
    public final void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public final void write(ByteBuffer data) {
        if (!acceptsWrites() || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        if (queue.isEmpty()) {
            try {
                if (writeToSocket(data) > 0) {
                    touch();
                }
            } catch (IOException e) {
                data.position(data.limit());
                connectionFailed(e);
                return;
            }
        }
        if (data.hasRemaining()) {
            enqueue(data);
        }
    }

    @Override
    public final void writeSequence(ByteBuffer... data) {
        if (!acceptsWrites()) {
            for (ByteBuffer b : data) {
                b.position(b.limit());
            }
            return;
        }
        if (!queue.isEmpty() || data.length < 2) {
            for (ByteBuffer b : data) {
                write(b);
            }
            return;
        }
        try {
            if (writeToSocket(data, 0, data.length) > 0) {
                touch();
            }
        } catch (IOException e) {
            for (ByteBuffer b : data) {
                b.position(b.limit());
            }
            connectionFailed(e);
            return;
        }
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                queue.append(b);
            }
        }
        if (!queue.isEmpty()) {
            updateInterest();
            checkWaterMarks();
        }
    }

    @Override
    public final void loseConnection() {
        if (state == State.OPEN) {
            state = State.CLOSING;
            if (queue.isEmpty()) {
                close(new ConnectionDone());
            } else {
                updateInterest();
            }
        } else if (state == State.CONNECTING) {
            close(new ConnectionDone());
        }
    }

    @Override
    public final void abortConnection() {
        if (state != State.CLOSED) {
            close(new ConnectionAborted());
        }
    }

    @Override
    public final void loseWriteConnection() {
        if (state != State.OPEN || writeShutdownRequested) {
            return;
        }
        writeShutdownRequested = true;
        if (queue.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    public final InetSocketAddress getPeer() {
        return peer;
    }

    @Override
    public final InetSocketAddress getHost() {
        return host;
    }

    @Override
    public final void pauseProducing() {
        if (state == State.CLOSED || paused) {
            return;
        }
        paused = true;
        updateInterest();
    }

    @Override
    public final void resumeProducing() {
        if (state == State.CLOSED || !paused) {
            return;
        }
        paused = false;
        if (readAfterResume == null) {
            readAfterResume = this::readAfterResume;
        }
        // Deferred so that a protocol resuming another connection is not re-entered from its own call.
        loop.runSoon(readAfterResume);
    }

    @Override
    public final boolean isPaused() {
        return paused;
    }

    @Override
    public final void registerProducer(PushProducer producer) {
        this.producer = producer;
        if (writeBufferFull && producer != null) {
            callProducer(producer, true);
        }
    }

    @Override
    public final void unregisterProducer() {
        producer = null;
    }

    @Override
    public final void setWaterMarks(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + " low=" + low);
        }
        highWater = high;
        lowWater = low;
        checkWaterMarks();
    }

    @Override
    public final long queuedBytes() {
        return queue.size();
    }

    @Override
    public final boolean isWriteBufferFull() {
        return writeBufferFull;
    }

    @Override
    public final void setTcpNoDelay(boolean enabled) {
        applyOption("TCP_NODELAY", enabled, this::applyTcpNoDelay);
    }

    @Override
    public final void setKeepAlive(boolean enabled) {
        applyOption("SO_KEEPALIVE", enabled, this::applyKeepAlive);
    }

    /** A socket option setter that may fail; failing to set an option never closes the connection. */
    private interface OptionSetter {
        void apply(boolean enabled) throws IOException;
    }

    private void applyOption(String name, boolean enabled, OptionSetter setter) {
        try {
            setter.apply(enabled);
        } catch (IOException e) {
            log.debug("{}: could not set {}", peer, name, e);
        }
    }

    @Override
    public final void setIdleTimeout(Duration idle) {
        idleNanos = idle == null ? 0 : Math.max(0, idle.toNanos());
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        if (idleNanos > 0 && state != State.CLOSED) {
            lastActivity = loop.nanoTime();
            idleTimer = loop.callLater(Duration.ofNanos(idleNanos), this::checkIdle);
        }
    }

    @Override
    public final boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public final Scheduler scheduler() {
        if (scheduler == null) {
            scheduler = new ConnectionScheduler();
        }
        return scheduler;
    }

    /** The protocol driving this connection (null before {@link #start}). */
    public final Protocol protocol() {
        return protocol;
    }

    /** True while a non-blocking connect is pending. */
    protected final boolean isConnecting() {
        return state == State.CONNECTING;
    }

    /** True once the connection is closed (the socket is released). */
    public final boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Closes a socket that never got a protocol (refused by its factory, or a failed connect). */
    final void discard() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            queue.clear();
            closeSocket();
        }
    }

    /** Closes with {@code reason}; used by the reactor at shutdown and by the connector. */
    final void close(ConnectionClosed reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        queue.clear();
        pausedData = null;
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        closeSocket();
        if (protocol != null) {
            loop.runSoon(() -> notifyClosed(reason));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + peer + ", " + state + (paused ? ", paused" : "") + "]";
    }

    // ---- inside --------------------------------------------------------------------------------

    private boolean acceptsWrites() {
        return state == State.OPEN && !writeShutdownRequested;
    }

    private void enqueue(ByteBuffer data) {
        queue.append(data);
        updateInterest();
        checkWaterMarks();
    }

    private void flush() {
        if (state == State.CLOSED) {
            return;
        }
        long sent = 0;
        try {
            while (!queue.isEmpty()) {
                int count = queue.fill(gather);
                long n = count == 1 ? writeToSocket(gather[0]) : writeToSocket(gather, 0, count);
                queue.written(n);
                sent += n;
                if (n == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            connectionFailed(e);
            return;
        } finally {
            java.util.Arrays.fill(gather, null);
        }
        if (sent > 0) {
            touch();
        }
        if (queue.isEmpty()) {
            if (state == State.CLOSING) {
                close(new ConnectionDone());
                return;
            }
            if (writeShutdownRequested && !writeShutdownDone) {
                shutdownOutput();
            }
        }
        updateInterest();
        checkWaterMarks();
    }

    private void shutdownOutput() {
        writeShutdownDone = true;
        try {
            shutdownSocketOutput();
        } catch (IOException e) {
            connectionFailed(e);
            return;
        }
        updateInterest();
        if (readEof) {
            close(new ConnectionDone());
        } else if (protocol instanceof HalfCloseableProtocol halfCloseable) {
            loop.runSoon(() -> {
                if (state != State.CLOSED) {
                    try {
                        halfCloseable.writeConnectionLost();
                    } catch (RuntimeException | Error e) {
                        protocolFailed("writeConnectionLost", e);
                    }
                }
            });
        }
    }

    private void readWhilePaused(ByteBuffer buffer) {
        if (pausedData == null) {
            pausedData = ByteBuffer.allocate(PAUSED_READ_LIMIT);
        }
        if (!pausedData.hasRemaining()) {
            updateInterest();
            return;
        }
        buffer.clear().limit(Math.min(buffer.capacity(), pausedData.remaining()));
        int n;
        try {
            n = readFromSocket(buffer);
        } catch (IOException e) {
            connectionFailed(e);
            return;
        }
        if (n < 0) {
            eofPending = true;
        } else if (n > 0) {
            buffer.flip();
            pausedData.put(buffer);
        }
        updateInterest();
    }

    private void readAfterResume() {
        if (state != State.OPEN || paused) {
            return;
        }
        ByteBuffer saved = pausedData;
        pausedData = null;
        if (saved != null && saved.position() > 0) {
            deliver(saved.flip());
            if (state != State.OPEN || paused) {
                updateInterest();
                return;
            }
        }
        if (eofPending) {
            eofPending = false;
            endOfStream();
            return;
        }
        updateInterest();
        if (!readEof) {
            readNow();
        }
    }

    private void endOfStream() {
        readEof = true;
        if (state == State.CLOSED) {
            return;
        }
        if (protocol instanceof HalfCloseableProtocol halfCloseable && state == State.OPEN) {
            updateInterest();
            try {
                halfCloseable.readConnectionLost();
            } catch (RuntimeException | Error e) {
                protocolFailed("readConnectionLost", e);
                return;
            }
            if (writeShutdownDone) {
                close(new ConnectionDone());
            }
            return;
        }
        if (writeShutdownDone) {
            close(new ConnectionDone());
            return;
        }
        // The peer will send no more: flush what the protocol already wrote, then close.
        if (state == State.OPEN) {
            state = State.CLOSING;
        }
        if (queue.isEmpty()) {
            close(new ConnectionDone());
        } else {
            updateInterest();
        }
    }

    private void deliver(ByteBuffer data) {
        try {
            protocol.dataReceived(data);
        } catch (RuntimeException | Error e) {
            protocolFailed("dataReceived", e);
        }
    }

    private void protocolFailed(String callback, Throwable e) {
        if (Callbacks.isFatal(e)) {
            throw (Error) e;
        }
        loop.uncaughtError(peer + ": protocol " + protocol + " threw from " + callback + "; closing the connection", e);
        close(new ConnectionLost("protocol raised an exception in " + callback, e));
    }

    private void connectionFailed(IOException e) {
        if (state == State.CLOSED) {
            return;
        }
        log.debug("{}: connection lost", peer, e);
        close(new ConnectionLost(e));
    }

    private void notifyClosed(ConnectionClosed reason) {
        PushProducer p = producer;
        producer = null;
        if (p != null && p != this) {
            try {
                p.stopProducing();
            } catch (RuntimeException | Error e) {
                loop.uncaughtError(peer + ": producer " + p + " threw from stopProducing", e);
            }
        }
        try {
            protocol.connectionLost(reason);
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            loop.uncaughtError(peer + ": protocol " + protocol + " threw from connectionLost", e);
        }
        loop.connectionClosed(this);
        if (closeListener != null) {
            closeListener.accept(reason);
        }
    }

    private void touch() {
        if (idleNanos > 0) {
            lastActivity = loop.nanoTime();
        }
    }

    private void checkIdle() {
        idleTimer = null;
        if (state == State.CLOSED || idleNanos == 0) {
            return;
        }
        long idleFor = loop.nanoTime() - lastActivity;
        if (idleFor >= idleNanos) {
            log.debug("{}: idle for {} ms, closing", peer, idleFor / 1_000_000);
            close(new ConnectionTimedOut(Duration.ofNanos(idleNanos)));
        } else {
            idleTimer = loop.callLater(Duration.ofNanos(idleNanos - idleFor), this::checkIdle);
        }
    }

    private void checkWaterMarks() {
        long size = queue.size();
        if (!writeBufferFull && size > highWater) {
            writeBufferFull = true;
            if (producer != null) {
                callProducer(producer, true);
            }
        } else if (writeBufferFull && size <= lowWater) {
            writeBufferFull = false;
            if (producer != null) {
                callProducer(producer, false);
            }
        }
    }

    private void callProducer(PushProducer p, boolean pause) {
        try {
            if (pause) {
                p.pauseProducing();
            } else {
                p.resumeProducing();
            }
        } catch (RuntimeException | Error e) {
            protocolFailed(pause ? "pauseProducing" : "resumeProducing", e);
        }
    }

    private void updateInterest() {
        boolean read;
        boolean write;
        if (state == State.CLOSED) {
            return;
        } else if (state == State.CONNECTING) {
            read = false;
            write = true;
        } else {
            read = state == State.OPEN && !readEof && !eofPending && protocol != null
                    && (!paused || pausedData == null || pausedData.hasRemaining());
            write = !queue.isEmpty();
        }
        if (read != wantRead || write != wantWrite) {
            wantRead = read;
            wantWrite = write;
            interestChanged(read, write);
        }
    }

    /** The reactor's timers, with a throwing task charged to this connection. */
    private final class ConnectionScheduler implements Scheduler {
        @Override
        public io.torsion.api.DelayedCall callLater(Duration delay, Runnable task) {
            return loop.callLater(delay, () -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    if (state == State.CLOSED) {
                        throw e;
                    }
                    protocolFailed("a timer", e);
                }
            });
        }

        @Override
        public long nanoTime() {
            return loop.nanoTime();
        }
    }
}
