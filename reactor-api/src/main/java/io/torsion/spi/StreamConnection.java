package io.torsion.spi;

import static io.torsion.spi.ConnectionState.CLOSED;
import static io.torsion.spi.ConnectionState.CLOSING;
import static io.torsion.spi.ConnectionState.CONNECTING;
import static io.torsion.spi.ConnectionState.OPEN;
import static io.torsion.spi.ConnectionState.READ_CLOSED;
import static io.torsion.spi.ConnectionState.WRITE_CLOSED;
import static io.torsion.spi.ConnectionState.WRITE_CLOSING;

import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.DelayedCall;
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream connection, whatever carries it: the write queue, pausing, half-close, idle timeout,
 * closing exactly once, and shielding the reactor from what the protocol throws. It owns a
 * backend's {@link StreamHandle} (the raw calls) and its {@link Registrar} (readiness), and is the
 * {@link ReadinessHandler} the backend reports to. Born only through {@link EventLoop#adopt}.
 *
 * <p>The protocol sees it through its kind's face ({@link StreamKind}): a
 * {@link io.torsion.api.TcpTransport} over TCP, and so on. This class itself is the raw stream, the
 * one a layer interposed with {@link #interpose} writes to.
 *
 * <p>Its life is one {@link ConnectionState}; pausing ({@link PausedReads}), the idle timeout
 * ({@link IdleTimer}) and the water marks ({@link FlowControl}) are small objects made only when used.
 */
public final class StreamConnection implements Transport, ReadinessHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

    private final EventLoop loop;
    private final StreamHandle handle;
    private Registrar registrar;
    private ConnectionState state;
    private boolean paused;
    private Protocol protocol;
    private Transport face;
    private Transport above;
    private WriteQueue queue;
    private PausedReads pausedReads;
    private FlowControl flow;
    private IdleTimer idle;
    private Scheduler scheduler;
    private StreamConnector connector;
    /** The loop's list of open connections runs through these; no per-connection set entry. */
    StreamConnection previous;
    StreamConnection next;

    StreamConnection(EventLoop loop, StreamHandle handle, StreamConnector connector) {
        this.loop = loop;
        this.handle = handle;
        this.connector = connector;
        this.state = connector != null ? CONNECTING : OPEN;
    }

    void register() throws IOException {
        registrar = handle.register(this);
        if (state == CONNECTING) {
            registrar.watchConnect();
        }
    }

    /** Starts the connection with {@code protocol}: makeConnection, then reading. */
    void start(Protocol protocol) {
        this.protocol = protocol;
        this.face = handle.kind().transportFor(this);
        loop.connectionOpened(this);
        updateInterest();
        try {
            protocol.makeConnection(face);
        } catch (RuntimeException | Error e) {
            protocolFailed("connectionMade", e);
        }
    }

    // ---- readiness -----------------------------------------------------------------------------

    @Override
    public boolean onReadable(int budget) {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < budget; i++) {
            if (!state.reads || protocol == null) {
                return false; // after loseConnection nothing more is delivered, as in Twisted
            }
            if (paused) {
                readWhilePaused(buffer);
                return false;
            }
            if (pausedReads != null && pausedReads.isPending()) {
                return false; // resumed, but what was read while paused goes first
            }
            buffer.clear();
            int n;
            try {
                n = handle.read(buffer);
            } catch (IOException e) {
                connectionFailed(e);
                return false;
            }
            if (n <= 0) {
                if (n < 0) {
                    endOfStream();
                }
                return false;
            }
            touch();
            deliver(buffer.flip());
            if (n < buffer.capacity()) {
                return false; // a short read emptied the kernel's queue; new bytes raise a new edge
            }
        }
        return true;
    }

    @Override
    public void onWritable() {
        if (state == CONNECTING) {
            finishConnect();
        } else {
            flush();
        }
    }

    @Override
    public void onError(IOException error) {
        if (state == CONNECTING) {
            connector.connectFailed(error);
        } else {
            connectionFailed(error);
        }
    }

    @Override
    public boolean isClosed() {
        return state == CLOSED;
    }

    // ---- Transport -----------------------------------------------------------------------------

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        if (!state.writes || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        if (queuedBytes() == 0) {
            try {
                if (handle.write(data) > 0) {
                    touch();
                }
            } catch (IOException e) {
                data.position(data.limit());
                connectionFailed(e);
                return;
            }
        }
        if (data.hasRemaining()) {
            queue().append(data);
            queued();
        }
    }

    @Override
    public void writeSequence(ByteBuffer... data) {
        if (!state.writes || queuedBytes() > 0 || data.length < 2) {
            for (ByteBuffer b : data) {
                write(b);
            }
            return;
        }
        try {
            if (handle.write(data, 0, data.length) > 0) {
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
                queue().append(b);
            }
        }
        if (queuedBytes() > 0) {
            queued();
        }
    }

    @Override
    public void loseConnection() {
        switch (state) {
            case CONNECTING -> close(new ConnectionDone());
            case CLOSING, CLOSED -> { }
            default -> beginClosing();
        }
    }

    @Override
    public void abortConnection() {
        if (state != CLOSED) {
            close(new ConnectionAborted());
        }
    }

    @Override
    public void loseWriteConnection() {
        if (state == OPEN) {
            state = WRITE_CLOSING;
            if (queuedBytes() == 0) {
                shutdownOutput();
            }
        } else if (state == READ_CLOSED) {
            beginClosing(); // both directions done once the queue is out
        }
    }

    @Override
    public SocketAddress getPeer() {
        return handle.remoteAddress();
    }

    @Override
    public SocketAddress getHost() {
        return handle.localAddress();
    }

    @Override
    public void pauseProducing() {
        if (state == CLOSED || paused) {
            return;
        }
        paused = true;
        if (pausedReads == null) {
            pausedReads = new PausedReads(this::afterResume);
        }
        updateInterest();
    }

    @Override
    public void resumeProducing() {
        if (state == CLOSED || !paused) {
            return;
        }
        paused = false;
        // Deferred, so that a protocol resuming another connection is not re-entered from its own call.
        loop.runSoon(pausedReads.resume);
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void registerProducer(PushProducer producer) {
        FlowControl f = flow();
        f.producer = producer;
        if (f.isFull() && producer != null) {
            callProducer(producer, true);
        }
    }

    @Override
    public void unregisterProducer() {
        if (flow != null) {
            flow.producer = null;
        }
    }

    @Override
    public void setWaterMarks(int high, int low) {
        flow().setMarks(high, low);
        checkWaterMarks();
    }

    @Override
    public long queuedBytes() {
        return queue == null ? 0 : queue.size();
    }

    @Override
    public boolean isWriteBufferFull() {
        return flow != null && flow.isFull();
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        long nanos = timeout == null ? 0 : Math.max(0, timeout.toNanos());
        if (idle != null) {
            idle.cancel();
            idle = null;
        }
        if (nanos > 0 && state != CLOSED) {
            idle = new IdleTimer(loop, nanos, this::idleExpired);
        }
    }

    @Override
    public boolean isOpen() {
        return state.isOpen();
    }

    @Override
    public Scheduler scheduler() {
        if (scheduler == null) {
            scheduler = new ConnectionScheduler();
        }
        return scheduler;
    }

    // ---- for faces, the loop, connectors and layers --------------------------------------------

    /** The backend handle, for what only a kind has (peer credentials). */
    StreamHandle handle() {
        return handle;
    }

    /** Sets a socket option; one the kernel refuses is logged, never closes the connection. */
    <T> void setOption(SocketOption<T> option, T value) {
        try {
            handle.setOption(option, value);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("{}: could not set {}", getPeer(), option.name(), e);
        }
    }

    /** What the application's face forwards to: this stream, or the layer interposed over it. */
    Transport forwardTarget() {
        return above != null ? above : this;
    }

    /**
     * The hook for a layer (TLS) taken up mid-stream: from now on this connection's events
     * (dataReceived with the bytes as read, connectionLost, ...) go to {@code below}, which writes
     * what it means to send to this object, the raw stream; and the transport the application
     * already holds forwards its calls to {@code above}, the layer's side for the application.
     * Addresses and kind-specific calls still come from the connection.
     */
    public void interpose(Protocol below, Transport above) {
        this.protocol = below;
        this.above = above;
    }

    /** The protocol hearing this connection's events (null before it started). */
    public Protocol protocol() {
        return protocol;
    }

    /** Closes with {@code reason}: releases the handle now, tells the protocol on the next turn. */
    void close(ConnectionClosed reason) {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        if (queue != null) {
            queue.clear();
        }
        if (pausedReads != null) {
            pausedReads.clear();
        }
        if (idle != null) {
            idle.cancel();
            idle = null;
        }
        releaseHandle();
        if (protocol != null) {
            loop.runSoon(() -> notifyClosed(reason));
        }
    }

    /** Closes a handle that never got a protocol (refused by its factory, a failed connect). */
    void discard() {
        if (state != CLOSED) {
            state = CLOSED;
            releaseHandle();
        }
    }

    @Override
    public String toString() {
        return "Stream[" + getPeer() + ", " + state + (paused ? ", paused" : "") + "]";
    }

    // ---- inside --------------------------------------------------------------------------------

    private void releaseHandle() {
        if (registrar != null) {
            registrar.cancel();
        }
        handle.close();
    }

    private void finishConnect() {
        boolean done;
        try {
            done = handle.finishConnect();
        } catch (IOException e) {
            connector.connectFailed(e);
            return;
        }
        if (done) {
            state = OPEN;
            connector.connected(this);
        }
    }

    private WriteQueue queue() {
        if (queue == null) {
            queue = new WriteQueue(loop.bufferPool());
        }
        return queue;
    }

    private FlowControl flow() {
        if (flow == null) {
            flow = new FlowControl();
        }
        return flow;
    }

    private void queued() {
        updateInterest();
        checkWaterMarks();
    }

    private void beginClosing() {
        state = CLOSING;
        if (queuedBytes() == 0) {
            close(new ConnectionDone());
        } else {
            updateInterest();
        }
    }

    private void flush() {
        if (state == CLOSED || queue == null) {
            return;
        }
        ByteBuffer[] gather = loop.gatherArray();
        long sent = 0;
        try {
            while (!queue.isEmpty()) {
                int count = queue.fill(gather);
                long n = count == 1 ? handle.write(gather[0]) : handle.write(gather, 0, count);
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
            Arrays.fill(gather, null);
        }
        if (sent > 0) {
            touch();
        }
        if (queue.isEmpty()) {
            if (state == CLOSING) {
                close(new ConnectionDone());
                return;
            }
            if (state == WRITE_CLOSING) {
                shutdownOutput();
                return;
            }
        }
        updateInterest();
        checkWaterMarks();
    }

    private void shutdownOutput() {
        try {
            handle.shutdownOutput();
        } catch (IOException e) {
            connectionFailed(e);
            return;
        }
        state = WRITE_CLOSED;
        updateInterest();
        checkWaterMarks();
        if (protocol instanceof HalfCloseableProtocol halfCloseable) {
            loop.runSoon(() -> {
                if (state != CLOSED) {
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
        if (!pausedReads.limit(buffer)) {
            updateInterest();
            return;
        }
        int n;
        try {
            n = handle.read(buffer);
        } catch (IOException e) {
            connectionFailed(e);
            return;
        }
        if (n < 0) {
            pausedReads.endOfStream();
        } else if (n > 0) {
            pausedReads.keep(buffer.flip());
        }
        updateInterest();
    }

    private void afterResume() {
        if (!state.reads || paused) {
            return;
        }
        ByteBuffer held = pausedReads.takeHeld();
        if (held != null) {
            deliver(held);
            if (!state.reads || paused) {
                updateInterest();
                return;
            }
        }
        if (pausedReads.takeEnd()) {
            endOfStream();
            return;
        }
        updateInterest();
        registrar.readNow();
    }

    /** The peer will send no more. */
    private void endOfStream() {
        ConnectionState before = state;
        if (before == OPEN && !(protocol instanceof HalfCloseableProtocol)) {
            beginClosing(); // flush what the protocol already wrote, then close
            return;
        }
        if (before == OPEN) {
            state = READ_CLOSED;
            updateInterest();
        }
        if (protocol instanceof HalfCloseableProtocol halfCloseable) {
            try {
                halfCloseable.readConnectionLost();
            } catch (RuntimeException | Error e) {
                protocolFailed("readConnectionLost", e);
                return;
            }
        }
        if (state == WRITE_CLOSED) {
            close(new ConnectionDone());
        } else if (state == WRITE_CLOSING) {
            beginClosing();
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
        log.error("{}: protocol {} threw from {}; closing the connection", getPeer(), protocol, callback, e);
        close(new ConnectionLost("protocol raised an exception in " + callback, e));
    }

    private void connectionFailed(IOException e) {
        if (state == CLOSED) {
            return;
        }
        log.debug("{}: connection lost", getPeer(), e);
        close(new ConnectionLost(e));
    }

    private void notifyClosed(ConnectionClosed reason) {
        PushProducer p = flow == null ? null : flow.producer;
        if (flow != null) {
            flow.producer = null;
        }
        if (p != null && p != this && p != face) {
            try {
                p.stopProducing();
            } catch (RuntimeException | Error e) {
                log.error("{}: producer {} threw from stopProducing", getPeer(), p, e);
            }
        }
        try {
            protocol.connectionLost(reason);
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            log.error("{}: protocol {} threw from connectionLost", getPeer(), protocol, e);
        }
        loop.connectionClosed(this);
        if (connector != null) {
            connector.lost(reason);
        }
    }

    private void touch() {
        if (idle != null) {
            idle.touch();
        }
    }

    private void idleExpired() {
        Duration interval = idle.interval();
        idle = null;
        log.debug("{}: idle for {}, closing", getPeer(), interval);
        close(new ConnectionTimedOut(interval));
    }

    private void checkWaterMarks() {
        long size = queuedBytes();
        if (flow == null) {
            if (size <= FlowControl.DEFAULT_HIGH) {
                return;
            }
            flow = new FlowControl();
        }
        if (flow.crossed(size) && flow.producer != null) {
            callProducer(flow.producer, flow.isFull());
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
        if (state == CLOSED || state == CONNECTING) {
            return;
        }
        boolean read = state.reads && protocol != null && (pausedReads == null || pausedReads.wantsMore(paused));
        registrar.watch(read, queuedBytes() > 0);
    }

    /** The reactor's timers, with a throwing task charged to this connection. */
    private final class ConnectionScheduler implements Scheduler {
        @Override
        public DelayedCall callLater(Duration delay, Runnable task) {
            return loop.callLater(delay, () -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    if (state == CLOSED) {
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
