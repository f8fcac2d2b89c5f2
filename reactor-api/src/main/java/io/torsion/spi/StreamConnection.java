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
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream connection, whatever carries it: its life ({@link ConnectionState}) and the
 * {@code Transport} calls, over a backend's {@link StreamHandle} (raw calls) and {@link Registrar}
 * (readiness); it is the {@link ReadinessHandler} the backend reports to, born only through
 * {@link EventLoop#adopt}. The protocol sees it through its kind's face ({@link StreamKind}); a layer
 * interposed with {@link #interpose} writes to it. Its pieces: {@link Inbound} (reads, pausing),
 * {@link Outbound} (writes, files, water marks), {@link IdleWatch} (made on first use),
 * {@link ProtocolCalls}, {@link StartTls} and {@link ConnectionLoss}.
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
    private final Inbound in;
    private IdleWatch idle;
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
        this.in = new Inbound(this, handle);
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
        ProtocolCalls.makeConnection(this, protocol, face);
    }

    @Override
    public boolean onReadable(int budget) {
        return in.read(budget);
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
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        loop.checkOwnThread(this, "sendFile");
        return out.sendFile(file, position, count, state.writes);
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
        if (state != CLOSED && in.pause()) {
            updateInterest();
        }
    }

    @Override
    public void resumeProducing() {
        if (state != CLOSED) {
            in.resume();
        }
    }

    @Override
    public boolean isPaused() {
        return in.isPaused();
    }

    @Override
    public void registerProducer(PushProducer producer) {
        out.register(producer);
    }

    @Override
    public void unregisterProducer() {
        PullPump.forget(out.unregister());
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
    public void setIdleTimeouts(Duration read, Duration write, Duration all) {
        if (idle == null) {
            idle = new IdleWatch(this);
        }
        idle.set(read, write, all, state == CLOSED);
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
     * The hook for a layer (TLS) taken up mid-stream: from now on this connection's events go to
     * {@code below}, which writes to this raw stream, and the face the application holds forwards
     * to {@code above}, the layer's side for it. Addresses and kind-specific calls stay here.
     */
    public void interpose(Protocol below, Transport above) {
        this.protocol = below;
        this.above = above;
    }

    /** What the application's face forwards to: this stream, or the layer interposed over it. */
    Transport forwardTarget() {
        return above != null ? above : this;
    }

    /** Who hears this connection's events now: the application's protocol, or the layer below it. */
    Protocol protocol() {
        return protocol;
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
        out.clear(reason);
        in.clear();
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

    /** The queue is empty in a state that waited for it: closes, or shuts our side down. */
    private void flushed() {
        if (state == CLOSING) {
            close(new ConnectionDone());
        } else if (out.shutdown()) {
            state = WRITE_CLOSED;
            updateInterest();
            out.checkMarks();
            if (protocol instanceof HalfCloseableProtocol halfCloseable) {
                // never from inside the call that asked for it
                loop.runSoon(() -> ProtocolCalls.writeConnectionLost(this, halfCloseable));
            }
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

    /** After a resume, what was held is delivered: reading goes on now (data that came raises no new edge). */
    void readOnAfterResume() {
        updateInterest();
        registrar.readNow();
    }

    /** True while bytes read are delivered (and {@code dataReceived} may be called). */
    boolean delivers() {
        return state.reads && protocol != null;
    }

    /** Bytes were read: read activity for the idle timeouts, then the protocol's. */
    void readSome(ByteBuffer data) {
        if (idle != null) {
            idle.read();
        }
        deliver(data);
    }

    /** The peer will send no more. */
    void endOfStream() {
        boolean halfCloseable = protocol instanceof HalfCloseableProtocol;
        if (!halfCloseable || ProtocolCalls.readConnectionLost(this, (HalfCloseableProtocol) protocol)) {
            enter(state.peerEnded(halfCloseable));
        }
    }

    void deliver(ByteBuffer data) {
        ProtocolCalls.dataReceived(this, protocol, data);
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

    void updateInterest() {
        if (state != CLOSED && state != CONNECTING) {
            boolean read = delivers() && in.wantsMore();
            registrar.watch(read, out.waitsForKernel());
        }
    }
}
