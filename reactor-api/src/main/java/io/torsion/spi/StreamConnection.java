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
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.IdleAwareProtocol;
import io.torsion.api.IdleKind;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream connection, whatever carries it: writes and their queue, pausing, half-close, idle
 * timeout, closing exactly once, and shielding the reactor from what the protocol throws. It owns
 * a backend's {@link StreamHandle} (the raw calls) and its {@link Registrar} (readiness), and is the
 * {@link ReadinessHandler} the backend reports to. Born only through {@link EventLoop#adopt}.
 *
 * <p>The protocol sees it through its kind's face ({@link StreamKind}), a
 * {@link io.torsion.api.TcpTransport} over TCP and so on; this object is the raw stream, which a
 * layer interposed with {@link #interpose} writes to. Its life is one {@link ConnectionState};
 * the send queue and water marks ({@link Outbound}), what was read while paused
 * ({@link PausedReads}) and the idle timeouts ({@link IdleTimeouts}) are made only when first used.
 */
public final class StreamConnection implements Transport, ReadinessHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

    final EventLoop loop;
    private final StreamHandle handle;
    private Registrar registrar;
    private ConnectionState state;
    private Protocol protocol;
    private Transport face;
    private Transport above;
    final Outbound out;
    private PausedReads pausedReads;
    private IdleTimeouts idle;
    private Scheduler scheduler;
    final StreamConnector connector;
    /** The loop's list of open connections runs through these: no set entry per connection. */
    StreamConnection previous;
    StreamConnection next;

    StreamConnection(EventLoop loop, StreamHandle handle, StreamConnector connector) {
        this.loop = loop;
        this.handle = handle;
        this.connector = connector;
        this.state = connector != null ? CONNECTING : OPEN;
        this.out = new Outbound(this, handle, loop);
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

    @Override
    public boolean onReadable(int budget) {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < budget; i++) {
            if (!state.reads || protocol == null) {
                return false; // after loseConnection nothing more is delivered, as in Twisted
            }
            if (pausedReads != null && pausedReads.holdsReads()) {
                pausedReads.readWhilePaused(handle, buffer); // (resumed: the held bytes go first)
                return false;
            }
            int n;
            try {
                n = handle.read(buffer.clear());
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
            if (idle != null) {
                idle.read();
            }
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
            connector.writable(this, handle);
        } else if (state != CLOSED) {
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

    @Override
    public void write(ByteBuffer data) {
        loop.checkOwnThread(this, "write");
        out.write(data, state.writes);
    }

    @Override
    public void writeSequence(ByteBuffer... data) {
        loop.checkOwnThread(this, "writeSequence");
        out.writeSequence(data, state.writes);
    }

    @Override
    public void loseConnection() {
        enter(state.loseConnection());
    }

    @Override
    public void abortConnection() {
        close(new ConnectionAborted());
    }

    /** The reactor is stopping: a layer over this stream ends it its way (TLS: close_notify), else loseConnection. */
    void loseAtStop() {
        if (protocol instanceof StreamLayer layer && state.isOpen()) {
            layer.closeAtStop();
        } else {
            loseConnection();
        }
    }

    @Override
    public void loseWriteConnection() {
        enter(state.loseWriteConnection());
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
        if (pausedReads == null) {
            pausedReads = new PausedReads(this);
        }
        if (state != CLOSED && pausedReads.pause()) {
            updateInterest();
        }
    }

    @Override
    public void resumeProducing() {
        if (state != CLOSED && pausedReads != null && pausedReads.resume()) {
            // Deferred, so that a protocol resuming another connection is not re-entered from its own call.
            loop.runSoon(pausedReads);
        }
    }

    @Override
    public boolean isPaused() {
        return pausedReads != null && pausedReads.isPaused();
    }

    @Override
    public void registerProducer(PushProducer producer) {
        out.register(producer);
    }

    @Override
    public void unregisterProducer() {
        out.unregister();
    }

    @Override
    public void setWaterMarks(int high, int low) {
        out.setMarks(high, low);
    }

    @Override
    public long queuedBytes() {
        return out.size();
    }

    @Override
    public boolean isWriteBufferFull() {
        return out.isFull();
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        setIdleTimeouts(null, null, timeout);
    }

    @Override
    public void setIdleTimeouts(Duration read, Duration write, Duration all) {
        if (idle == null) {
            if (read == null && write == null && all == null) {
                return;
            }
            idle = new IdleTimeouts(loop, this::idleExpired);
        }
        if (state == CLOSED) {
            idle.cancel();
        } else {
            idle.set(read, write, all);
        }
    }

    @Override
    public void resetIdleTimeouts() {
        if (idle != null) {
            idle.reset();
        }
    }

    @Override
    public boolean isOpen() {
        return state.isOpen();
    }

    @Override
    public io.torsion.api.Reactor reactor() {
        return loop;
    }

    @Override
    public Scheduler scheduler() {
        if (scheduler == null) {
            scheduler = new ConnectionScheduler(loop, this::isClosed, this::protocolFailed);
        }
        return scheduler;
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

    /**
     * Takes up TLS over this open connection for the application holding {@code face}: the layer
     * is interposed, and its handshake begins with what is read from now on.
     */
    void startTls(Transport face, io.torsion.api.tls.TlsOptions tls, boolean asServer) {
        if (above != null) {
            throw new IllegalStateException("TLS is already on for " + this);
        }
        if (!state.isOpen()) {
            throw new IllegalStateException("cannot start TLS on a connection that is closing: " + this);
        }
        String host = getPeer() instanceof java.net.InetSocketAddress inet ? inet.getAddress().getHostAddress() : null;
        int port = getPeer() instanceof java.net.InetSocketAddress inet ? inet.getPort() : 0;
        io.torsion.api.tls.TlsFactories.Layer layer =
                io.torsion.api.tls.TlsFactories.startTls(loop, protocol, face, tls, asServer, host, port);
        interpose(layer.below(), layer.above());
        layer.below().makeConnection(this);
    }

    /** What the application's face forwards to: this stream, or the layer interposed over it. */
    Transport forwardTarget() {
        return above != null ? above : this;
    }

    /** The backend handle, for what only a kind has (peer credentials). */
    StreamHandle handle() {
        return handle;
    }

    /** Closes with {@code reason}: releases the handle now, tells the protocol on the next turn. */
    void close(ConnectionClosed reason) {
        if (state == CLOSED) {
            return;
        }
        discard();
        out.clear();
        if (pausedReads != null) {
            pausedReads.clear();
        }
        if (idle != null) {
            idle.cancel();
        }
        if (protocol != null) {
            loop.runSoon(new ConnectionLoss(this, protocol, face, reason));
        }
    }

    /** The connect under way completed. */
    void connectCompleted() {
        state = OPEN;
    }

    /** Releases the handle of a connection that never got a protocol (refused, failed to connect). */
    void discard() {
        if (state != CLOSED) {
            state = CLOSED;
            if (registrar != null) {
                registrar.cancel();
            }
            handle.close();
        }
    }

    @Override
    public String toString() {
        return "Stream[" + getPeer() + ", " + state + (isPaused() ? ", paused" : "") + "]";
    }

    /** Moves to {@code next} (one of {@link ConnectionState}'s transitions) and does what it means. */
    private void enter(ConnectionState next) {
        if (next == state) {
            return;
        }
        if (next == CLOSED) {
            close(new ConnectionDone());
            return;
        }
        state = next;
        if (next.waitsForFlush() && queuedBytes() == 0) {
            flushed();
        } else {
            updateInterest();
        }
    }

    /** The queue is empty in a state that waited for it. */
    private void flushed() {
        if (state == CLOSING) {
            close(new ConnectionDone());
        } else {
            shutdownOutput();
        }
    }

    /** The loop's end of turn: offers what this turn's writes gathered to the kernel in one write. */
    void flushPending() {
        if (state != CLOSED && out.takePending()) {
            flush();
        }
    }

    void flush() {
        boolean empty;
        try {
            empty = out.flush();
        } catch (IOException e) {
            connectionFailed(e);
            return;
        }
        if (empty && state.waitsForFlush()) {
            flushed();
        } else {
            updateInterest();
            out.checkMarks();
        }
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
        out.checkMarks();
        if (protocol instanceof HalfCloseableProtocol) {
            loop.runSoon(this::writeClosed); // never from inside the call that asked for it
        }
    }

    private void writeClosed() {
        try {
            if (state != CLOSED) {
                ((HalfCloseableProtocol) protocol).writeConnectionLost();
            }
        } catch (RuntimeException | Error e) {
            protocolFailed("writeConnectionLost", e);
        }
    }

    /** After a resume, what was held is delivered: reading goes on now (data that came raises no new edge). */
    void readOnAfterResume() {
        updateInterest();
        registrar.readNow();
    }

    /** True while bytes read are delivered (and {@code dataReceived} may be called). */
    boolean delivers() {
        return state.reads;
    }

    /** The peer will send no more. */
    void endOfStream() {
        boolean halfCloseable = protocol instanceof HalfCloseableProtocol;
        if (halfCloseable) {
            try {
                ((HalfCloseableProtocol) protocol).readConnectionLost();
            } catch (RuntimeException | Error e) {
                protocolFailed("readConnectionLost", e);
                return;
            }
        }
        enter(state.peerEnded(halfCloseable));
    }

    void deliver(ByteBuffer data) {
        try {
            protocol.dataReceived(data);
        } catch (RuntimeException | Error e) {
            protocolFailed("dataReceived", e);
        }
    }

    void protocolFailed(String callback, Throwable e) {
        if (Callbacks.isFatal(e)) {
            throw (Error) e;
        }
        loop.uncaughtError(getPeer() + ": protocol " + protocol + " threw from " + callback + "; closing the connection", e);
        close(new ConnectionLost("protocol raised an exception in " + callback, e));
    }

    void connectionFailed(IOException e) {
        if (state != CLOSED) {
            log.debug("{}: connection lost", getPeer(), e);
            close(new ConnectionLost(e));
        }
    }

    /** Bytes the protocol wrote reached the kernel: write activity for the idle timeouts. */
    void wrote() {
        if (idle != null) {
            idle.wrote();
        }
    }

    private void idleExpired(IdleKind kind) {
        Duration interval = idle.interval(kind);
        if (protocol instanceof IdleAwareProtocol aware) {
            try {
                aware.timeoutConnection(kind);
            } catch (RuntimeException | Error e) {
                protocolFailed("timeoutConnection", e);
            }
            return;
        }
        log.debug("{}: {} idle for {}, closing", getPeer(), kind, interval);
        close(new ConnectionTimedOut(interval));
    }

    void updateInterest() {
        if (state != CLOSED && state != CONNECTING) {
            boolean read = state.reads && protocol != null && (pausedReads == null || pausedReads.wantsMore());
            registrar.watch(read, out.waitsForKernel());
        }
    }
}
