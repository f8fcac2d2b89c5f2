package io.torsion.api.tls;

import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.DelayedCall;
import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.IdleAwareProtocol;
import io.torsion.api.IdleKind;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import io.torsion.spi.StreamLayer;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection: the transport the application protocol sees, speaking through an
 * {@link SSLEngine} to the plain transport underneath, whose protocol is {@link #lower()}.
 *
 * <p>Inbound, ciphertext is decrypted straight from the reactor's read buffer into a shared
 * per-thread buffer and handed to the protocol; only a record split across two reads is copied,
 * into a pooled buffer. Outbound, each write is encrypted into a shared per-thread buffer and
 * written to the plain transport, which queues what the kernel does not take. Plaintext is held
 * only while the engine cannot encrypt (handshake under way, delegated task running).
 *
 * <p>The water marks count that held plaintext plus the ciphertext the plain transport has queued,
 * plus what {@link FileQueue} holds: the bytes of files not yet read, and what waits behind them.
 * The plain transport's marks are both set to our low mark, so that it reports each time its
 * queue crosses it; we check our own marks then and on each write.
 */
final class TlsTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(TlsTransport.class);

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    /** Records gathered before one write: four full records, 64 KiB or so. */
    private static final int BATCH_BYTES = 4 * 16_709;

    /** Wraps to try when sending an alert after a failure: an alert is one record, a close_notify another. */
    private static final int ALERT_WRAPS = 4;

    /**
     * HANDSHAKING until the first handshake finishes; OPEN; CLOSING once we started closing
     * (close_notify sent or waiting for held plaintext to go first); CLOSED once the connection is
     * finished with, as far as the protocol is concerned ({@code connectionLost} follows from below).
     */
    private enum State { HANDSHAKING, OPEN, CLOSING, CLOSED }

    /** Runs a task on this connection's reactor thread, from any thread: {@code reactor::callFromThread}. */
    private final Executor reactorThread;
    private final TlsOptions options;
    private final SSLEngine engine;
    private final Protocol app;
    private final Lower lower;
    private final PushProducer drainWatcher = new DrainWatcher();
    private final ByteBuffer[] single = new ByteBuffer[1];
    private final Runnable tasksDone = this::tasksDone;
    private final Runnable proceedTask = this::proceed;
    private final int packetSize;
    private final int applicationSize;
    private Transport plain;
    /** What the application holds: this, or (after {@code startTls}) the transport it already had. */
    private Transport face = this;
    private State state = State.HANDSHAKING;
    private boolean appStarted;
    private boolean handshakeDone;
    private boolean taskRunning;
    private boolean paused;
    private boolean peerClosed;
    private boolean halfCloseRequested;
    private boolean outputShut;
    /**
     * The peer's close_notify came and the kernel had taken all we wrote when we replied with ours:
     * if the reply cannot be sent (a Unix socket the peer closed refuses it with EPIPE), nothing
     * was lost, and the end is still clean.
     */
    private boolean onlyGoodbyeLeft;
    private ByteBuffer held;
    private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>();
    private long earlyBytes;
    private ConnectionClosed failure;
    private ConnectionClosed outcome;
    private DelayedCall handshakeTimer;
    private TlsSession session;
    private PushProducer producer;
    /** Files going out through a buffer, and what waits behind them; made by the first sendFile. */
    private FileQueue files;
    private boolean writeBufferFull;
    private int highWater = 64 * 1024;
    private int lowWater = 16 * 1024;

    TlsTransport(Executor reactorThread, TlsOptions options, SSLEngine engine, Protocol app) {
        this.reactorThread = reactorThread;
        this.options = options;
        this.engine = engine;
        this.app = app;
        this.lower = app instanceof IdleAwareProtocol ? new IdleAwareLower() : new Lower();
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.applicationSize = engine.getSession().getApplicationBufferSize();
    }

    /**
     * For a switch mid-stream: the application already holds {@code face} and has heard
     * {@code connectionMade}; it learns of the handshake through {@link HandshakeListener}.
     */
    TlsTransport midStream(Transport face) {
        this.face = face;
        this.appStarted = true;
        return this;
    }

    /** The protocol to give the plain transport. */
    Protocol lower() {
        return lower;
    }

    /** The application's protocol. */
    Protocol application() {
        return app;
    }

    /** True once the application's {@code makeConnection} ran. */
    boolean applicationStarted() {
        return appStarted;
    }

    /** What the application heard in {@code connectionLost}, or why the handshake failed; null while open. */
    ConnectionClosed outcome() {
        return outcome;
    }

    /** True while the engine's delegated tasks run on the pool: a test waits for them to be handed back. */
    boolean awaitingTask() {
        return taskRunning;
    }

    // ---- Transport -----------------------------------------------------------------------------

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        single[0] = data;
        try {
            writeSequence(single);
        } finally {
            single[0] = null;
        }
    }

    @Override
    public void writeSequence(ByteBuffer... data) {
        if (files != null && acceptsWrites() && files.hold(data)) {
            checkWaterMarks(); // behind a file going out
            return;
        }
        if (!acceptsWrites()) {
            for (ByteBuffer b : data) {
                b.position(b.limit());
            }
            return;
        }
        if (!handshakeDone || taskRunning || !early.isEmpty() || !encrypt(data)) {
            for (ByteBuffer b : data) {
                hold(b);
            }
        }
        checkWaterMarks();
    }

    /**
     * The file is read through a buffer and encrypted ({@link FileQueue}); later writes and closes
     * wait for it, and its unread bytes count as queued.
     */
    @Override
    public CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("need position >= 0 and count >= 0, got " + position + ", " + count);
        }
        if (!acceptsWrites()) {
            return CompletableFuture.failedFuture(new ClosedChannelException()); // as a write now would be dropped
        }
        if (files == null) {
            files = new FileQueue(this);
        }
        CompletionStage<Long> done = files.send(file, position, count);
        checkWaterMarks();
        return done;
    }

    @Override
    public void loseConnection() {
        if (files != null && files.defer(this::loseConnection)) {
            return;
        }
        if (state == State.OPEN || state == State.HANDSHAKING) {
            state = State.CLOSING;
            flushEarly();
        }
    }

    @Override
    public void abortConnection() {
        if (state != State.CLOSED) {
            fail(new ConnectionAborted());
            plain.abortConnection();
        }
    }

    @Override
    public void loseWriteConnection() {
        if (files != null && files.defer(this::loseWriteConnection)) {
            return;
        }
        if ((state == State.OPEN || state == State.HANDSHAKING) && !halfCloseRequested) {
            halfCloseRequested = true;
            flushEarly();
        }
    }

    @Override
    public SocketAddress getPeer() {
        return plain.getPeer();
    }

    @Override
    public SocketAddress getHost() {
        return plain.getHost();
    }

    @Override
    public void pauseProducing() {
        if (paused || state == State.CLOSED) {
            return;
        }
        paused = true;
        if (handshakeDone) {
            plain.pauseProducing();
        }
    }

    @Override
    public void resumeProducing() {
        if (!paused || state == State.CLOSED) {
            return;
        }
        paused = false;
        if (handshakeDone) {
            plain.resumeProducing();
        }
        // Deferred, as the plain transport defers its own, and charged to this connection if it throws.
        plain.scheduler().callLater(Duration.ZERO, proceedTask);
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void registerProducer(PushProducer producer) {
        if (this.producer != producer) {
            io.torsion.spi.PullPump.forget(this.producer);
        }
        this.producer = producer;
        if (writeBufferFull && producer != null) {
            producer.pauseProducing();
        }
    }

    @Override
    public void unregisterProducer() {
        io.torsion.spi.PullPump.forget(producer);
        producer = null;
    }

    @Override
    public void setWaterMarks(int high, int low) {
        plain.setWaterMarks(high, low); // refuses bad marks before we take them
        plain.setWaterMarks(low, low);
        highWater = high;
        lowWater = low;
        checkWaterMarks();
    }

    @Override
    public long queuedBytes() {
        return earlyBytes + plain.queuedBytes() + (files == null ? 0 : files.queuedBytes());
    }

    @Override
    public boolean isWriteBufferFull() {
        return writeBufferFull;
    }

    @Override
    public void setIdleTimeout(Duration idle) {
        plain.setIdleTimeout(idle);
    }

    /** The timeouts watch the TLS records below; an expired one reaches the TLS layer's protocol. */
    @Override
    public void setIdleTimeouts(Duration read, Duration write, Duration all) {
        plain.setIdleTimeouts(read, write, all);
    }

    @Override
    public void resetIdleTimeouts() {
        plain.resetIdleTimeouts();
    }

    @Override
    public boolean isOpen() {
        return (state == State.OPEN || state == State.HANDSHAKING) && plain.isOpen();
    }

    @Override
    public Scheduler scheduler() {
        return plain.scheduler();
    }

    @Override
    public io.torsion.api.Reactor reactor() {
        return plain.reactor();
    }

    @Override
    public Optional<TlsSession> tlsSession() {
        return Optional.ofNullable(session);
    }

    /** TLS is on already: refused, as a second switch on a STARTTLS connection is. */
    @Override
    public void startTls(TlsOptions tls, boolean asServer) {
        throw new IllegalStateException("TLS is already on for " + this);
    }

    @Override
    public String toString() {
        return "TlsTransport[" + (plain == null ? "unconnected" : plain.getPeer()) + ", " + state + "]";
    }

    // ---- the handshake ---------------------------------------------------------------------------

    private void begin(Transport plainTransport) {
        plain = plainTransport;
        if (face == this) {
            // Over TCP the application still sees a TcpTransport, over a Unix socket a UnixTransport.
            face = LayerFace.over(this, plain);
        }
        plain.setWaterMarks(lowWater, lowWater);
        plain.registerProducer(drainWatcher);
        handshakeTimer = plain.scheduler().callLater(options.handshakeTimeout(), this::handshakeTimedOut);
        if (!options.connectionMadeAfterHandshake()) {
            startApplication();
        }
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            tlsFailed(e);
            return;
        }
        proceed();
    }

    /** Does what the engine asks next: wrap, run a task, finish, or unwrap what is held. */
    private void proceed() {
        if (state == State.CLOSED || taskRunning) {
            return;
        }
        HandshakeStatus status = engine.getHandshakeStatus();
        if (status == HandshakeStatus.NOT_HANDSHAKING && !handshakeDone) {
            handshakeFinished();
        } else if (!step(status)) {
            return;
        }
        flushEarly();
        if (held != null) {
            unwrap(held);
            releaseHeldIfEmpty();
        }
    }

    /**
     * Acts on the handshake status a wrap or unwrap left; false when reading must stop for now (a
     * task is running, or the connection failed).
     */
    private boolean step(HandshakeStatus status) {
        if (handshakeDone && state == State.OPEN && renegotiating(status)) {
            refuseRenegotiation();
            return false;
        }
        switch (status) {
            case NEED_TASK:
                runTasks();
                return false;
            case NEED_WRAP:
                return wrapWhileNeeded();
            case FINISHED:
                handshakeFinished();
                return state != State.CLOSED;
            default:
                return true;
        }
    }

    /** TLS 1.2 renegotiation (1.3 has none; its post-handshake messages are allowed). */
    private boolean renegotiating(HandshakeStatus status) {
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED
                && "TLSv1.2".equals(session.protocol());
    }

    private void refuseRenegotiation() {
        tlsFailed(new SSLHandshakeException("renegotiation refused: torsion does not renegotiate TLS 1.2 sessions"));
    }

    /** Sends what the engine wants to send (handshake messages, alerts, close_notify, key updates). */
    private boolean wrapWhileNeeded() {
        ByteBuffer out = batch();
        try {
            while (true) {
                SSLEngineResult r;
                try {
                    r = wrapInto(NOTHING, out);
                } catch (SSLException e) {
                    send(out);
                    tlsFailed(e);
                    return false;
                }
                HandshakeStatus status = r.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    send(out);
                    runTasks();
                    return false;
                }
                if (status == HandshakeStatus.FINISHED) {
                    send(out);
                    handshakeFinished();
                    return state != State.CLOSED;
                }
                if (status != HandshakeStatus.NEED_WRAP || r.getStatus() == SSLEngineResult.Status.CLOSED
                        || r.bytesProduced() == 0) {
                    return true;
                }
            }
        } finally {
            send(out);
        }
    }

    private void runTasks() {
        taskRunning = true;
        DelegatedTasks.run(engine, () -> reactorThread.execute(tasksDone));
    }

    private void tasksDone() {
        taskRunning = false;
        if (state == State.CLOSED) {
            return;
        }
        try {
            proceed();
        } catch (RuntimeException | Error e) {
            if (e instanceof InternalError || e instanceof UnknownError) {
                throw e;
            }
            log.error("{}: protocol {} threw; closing the connection", plain.getPeer(), app, e);
            fail(new ConnectionLost("protocol raised an exception", e));
            plain.abortConnection();
        }
    }

    private void handshakeFinished() {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        cancelHandshakeTimer();
        session = TlsSession.of(engine);
        log.debug("{}: TLS handshake done: {} {} alpn={}", plain.getPeer(), session.protocol(),
                session.cipherSuite(), session.applicationProtocol().orElse("-"));
        if (state == State.HANDSHAKING) {
            state = State.OPEN;
        }
        if (!appStarted) {
            startApplication();
        }
        if (state == State.CLOSED) {
            return;
        }
        if (app instanceof HandshakeListener listener) {
            listener.handshakeCompleted(session);
        }
        if (paused) {
            plain.pauseProducing();
        }
        flushEarly();
    }

    private void startApplication() {
        appStarted = true;
        app.makeConnection(face);
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (handshakeDone || state == State.CLOSED) {
            return;
        }
        String why = "TLS handshake with " + plain.getPeer() + " did not finish within "
                + options.handshakeTimeout().toMillis() + " ms";
        log.info("{}", why);
        fail(new ConnectionLost(why, new SSLHandshakeException(why)));
        plain.abortConnection();
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    // ---- inbound ------------------------------------------------------------------------------

    /** Ciphertext from the plain transport (its read buffer: valid during this call only). */
    private void received(ByteBuffer src) {
        if (state == State.CLOSED) {
            src.position(src.limit());
            return;
        }
        // Complete a split record first; the held buffer holds at least one whole record.
        while (held != null && src.hasRemaining()) {
            held.compact();
            int limit = src.limit();
            src.limit(src.position() + Math.min(held.remaining(), src.remaining()));
            held.put(src);
            src.limit(limit);
            held.flip();
            boolean wantsMore = unwrap(held);
            if (!wantsMore) {
                break;
            }
            if (held.position() == 0 && held.limit() == held.capacity()) {
                tlsFailed(new SSLException("a record longer than the " + held.capacity() + " bytes TLS allows"));
                return;
            }
            releaseHeldIfEmpty();
        }
        if (held == null && src.hasRemaining()) {
            unwrap(src);
        }
        if (src.hasRemaining() && state != State.CLOSED) {
            keep(src);
        }
        if (!early.isEmpty()) {
            flushEarly();
        }
    }

    /**
     * Decrypts records from {@code in} and delivers them. True when it stopped only because
     * {@code in} holds no whole record; false when it stopped for another reason (paused, a task
     * running, the peer closed, the connection failed), leaving the rest in {@code in}.
     */
    private boolean unwrap(ByteBuffer in) {
        TlsBuffers buffers = TlsBuffers.forThisThread();
        while (true) {
            if (state == State.CLOSED || taskRunning || peerClosed || (paused && handshakeDone)) {
                return false;
            }
            if (!in.hasRemaining()) {
                return true;
            }
            ByteBuffer[] target = buffers.plaintextTarget(applicationSize);
            ByteBuffer out = target[0];
            SSLEngineResult r;
            try {
                r = engine.unwrap(in, target, 0, 1);
            } catch (SSLException e) {
                tlsFailed(e);
                return false;
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW:
                    return true;
                case BUFFER_OVERFLOW:
                    buffers.plaintext(engine.getSession().getApplicationBufferSize());
                    continue;
                case CLOSED:
                    closeNotifyReceived(r.getHandshakeStatus());
                    return false;
                default:
                    break;
            }
            out.flip();
            if (out.hasRemaining() && appStarted && state == State.OPEN) {
                app.dataReceived(out);
            }
            if (!step(r.getHandshakeStatus())) {
                return false;
            }
        }
    }

    /** Keeps the rest of {@code src} for the next read (a split record, or what arrived while paused). */
    private void keep(ByteBuffer src) {
        int need = src.remaining() + (held == null ? 0 : held.remaining());
        if (held == null && need <= packetSize) {
            held = TlsBuffers.forThisThread().takeHeld(packetSize);
            held.put(src).flip();
            return;
        }
        if (held == null || held.capacity() - held.remaining() < src.remaining()) {
            // Only while paused: more than one record waits, and that is bounded by what the plain
            // transport reads while paused.
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, packetSize));
            if (held != null) {
                bigger.put(held);
                TlsBuffers.forThisThread().giveHeld(held);
            }
            held = bigger.put(src).flip();
            return;
        }
        held.compact().put(src).flip();
    }

    private void releaseHeldIfEmpty() {
        if (held != null && !held.hasRemaining()) {
            TlsBuffers.forThisThread().giveHeld(held);
            held = null;
        }
    }

    /** The peer sent close_notify: its half of the stream ended cleanly. */
    private void closeNotifyReceived(HandshakeStatus status) {
        peerClosed = true;
        if (!handshakeDone) {
            String why = "the peer " + plain.getPeer() + " closed the connection during the TLS handshake";
            log.info("{}", why);
            fail(new ConnectionLost(why, new SSLHandshakeException(why)));
            plain.loseConnection();
            return;
        }
        if (state == State.OPEN && app instanceof HalfCloseableProtocol halfCloseable
                && "TLSv1.3".equals(session.protocol())) {
            halfCloseable.readConnectionLost();
            if (outputShut && state != State.CLOSED) {
                state = State.CLOSING;
                plain.loseConnection();
            }
            return;
        }
        if (state == State.OPEN || state == State.HANDSHAKING) {
            state = State.CLOSING;
            flushEarly();
        } else if (status == HandshakeStatus.NEED_WRAP) {
            wrapWhileNeeded();
        }
    }

    /**
     * The reactor is stopping: an open connection sends what was written, then close_notify, then
     * closes, so the peer sees a clean end; one still handshaking has nothing to end cleanly, and closes.
     */
    private void stopping() {
        if (handshakeDone) {
            loseConnection();
        } else if (state != State.CLOSED) {
            String why = "the reactor stopped during the TLS handshake with " + plain.getPeer();
            fail(new ConnectionLost(why, new SSLHandshakeException(why)));
            plain.loseConnection();
        }
    }

    /** The plain stream ended: clean if close_notify came first, a truncation otherwise. */
    private void plainEnded() {
        if (state == State.CLOSED || state == State.CLOSING || peerClosed) {
            return; // we said goodbye, or the peer did: an end of stream after that is expected
        }
        String why = handshakeDone
                ? "TLS stream from " + plain.getPeer() + " truncated: the peer closed the connection without close_notify"
                : "the peer " + plain.getPeer() + " closed the connection during the TLS handshake";
        SSLException cause;
        try {
            engine.closeInbound();
            cause = new SSLException(why);
        } catch (SSLException e) {
            cause = e;
        }
        log.info("{}", why);
        fail(new ConnectionLost(why, cause));
        plain.loseConnection();
    }

    // ---- outbound -----------------------------------------------------------------------------

    private boolean acceptsWrites() {
        return (state == State.OPEN || state == State.HANDSHAKING) && !halfCloseRequested;
    }

    /**
     * Encrypts all of {@code srcs} and hands the records to the plain transport. False when the
     * engine stopped taking plaintext (a task to run); what it did not take stays in {@code srcs}.
     */
    private boolean encrypt(ByteBuffer[] srcs) {
        ByteBuffer out = batch();
        try {
            while (hasRemaining(srcs)) {
                SSLEngineResult r;
                try {
                    r = wrapInto(srcs, out);
                } catch (SSLException e) {
                    send(out);
                    tlsFailed(e);
                    r = null;
                }
                if (r == null || r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    for (ByteBuffer b : srcs) {
                        b.position(b.limit());
                    }
                    return true;
                }
                HandshakeStatus status = r.getHandshakeStatus();
                if (status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED) {
                    send(out);
                    if (!step(status) || taskRunning) {
                        return !hasRemaining(srcs);
                    }
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    return false;
                }
            }
            return true;
        } finally {
            send(out);
        }
    }

    /**
     * The shared buffer that consecutive records gather in before one write to the plain transport:
     * a flight of handshake messages, or a write larger than one record, leaves in one send. One
     * record per send would also let Nagle's algorithm hold the last small one back for a delayed
     * acknowledgement.
     */
    private ByteBuffer batch() {
        return TlsBuffers.forThisThread().ciphertext(Math.max(BATCH_BYTES, 2 * packetSize));
    }

    /** Wraps one record onto the end of {@code out}, first sending what {@code out} holds if it is nearly full. */
    private SSLEngineResult wrapInto(ByteBuffer[] srcs, ByteBuffer out) throws SSLException {
        if (out.remaining() < packetSize) {
            send(out);
        }
        SSLEngineResult r = engine.wrap(srcs, out);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            send(out);
            r = engine.wrap(srcs, out);
        }
        return r;
    }

    /** Writes the records gathered in {@code out} to the plain transport and empties it. */
    private void send(ByteBuffer out) {
        out.flip();
        if (out.hasRemaining()) {
            plain.write(out);
        }
        out.clear();
    }

    /** Keeps a copy of what the engine cannot take yet. */
    private void hold(ByteBuffer b) {
        if (b.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining());
            copy.put(b).flip();
            early.addLast(copy);
            earlyBytes += copy.remaining();
        }
    }

    /**
     * Sends held plaintext once the engine can take it, then carries out a close or half-close
     * that waited for it.
     */
    private void flushEarly() {
        if (!handshakeDone || taskRunning || state == State.CLOSED) {
            return;
        }
        while (!early.isEmpty()) {
            ByteBuffer head = early.peekFirst();
            int before = head.remaining();
            single[0] = head;
            boolean all;
            try {
                all = encrypt(single);
            } finally {
                single[0] = null;
            }
            earlyBytes -= before - head.remaining();
            if (!all || state == State.CLOSED) {
                return;
            }
            early.pollFirst();
        }
        if (files != null) {
            files.resume();
        }
        if (state == State.CLOSING) {
            onlyGoodbyeLeft = peerClosed && plain.queuedBytes() == 0;
            closeOutput();
            plain.loseConnection();
        } else if (halfCloseRequested && !outputShut) {
            closeOutput();
            plain.loseWriteConnection();
            if (peerClosed) {
                plain.loseConnection();
            }
        }
        checkWaterMarks();
    }

    /** Sends close_notify. */
    private void closeOutput() {
        if (!outputShut) {
            outputShut = true;
            engine.closeOutbound();
            wrapWhileNeeded();
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    // ---- failure and close ---------------------------------------------------------------------

    /** The engine failed: log why, send its alert, close. */
    private void tlsFailed(SSLException e) {
        if (state == State.CLOSED) {
            return;
        }
        String why = TlsFailures.describe(e, plain.getPeer());
        log.info("{}", why);
        SSLException reported = handshakeDone ? new SSLException(why, e) : new SSLHandshakeException(why);
        if (reported.getCause() == null) {
            reported.initCause(e);
        }
        fail(new ConnectionLost(why, reported));
        sendAlert();
        plain.loseConnection();
    }

    /** Writes the alert the engine holds after a failure, if any; nothing more can go wrong here. */
    private void sendAlert() {
        engine.closeOutbound();
        TlsBuffers buffers = TlsBuffers.forThisThread();
        for (int i = 0; i < ALERT_WRAPS && !engine.isOutboundDone(); i++) {
            ByteBuffer out = buffers.ciphertext(packetSize);
            try {
                engine.wrap(NOTHING, out);
            } catch (SSLException alreadyFailed) {
                return;
            }
            out.flip();
            if (!out.hasRemaining()) {
                return;
            }
            plain.write(out);
        }
    }

    /** Records the first reason the connection is ending; the application hears it in {@code connectionLost}. */
    private void fail(ConnectionClosed reason) {
        if (failure == null) {
            failure = reason;
        }
        state = State.CLOSED;
        cancelHandshakeTimer();
    }

    private void lost(ConnectionClosed reason) {
        state = State.CLOSED;
        cancelHandshakeTimer();
        if (held != null) {
            TlsBuffers.forThisThread().giveHeld(held);
            held = null;
        }
        early.clear();
        earlyBytes = 0;
        ConnectionClosed why = failure != null ? failure : reason;
        if (failure == null && onlyGoodbyeLeft && reason instanceof ConnectionLost) {
            log.debug("{}: our close_notify did not reach the peer, which had closed after its own: {}",
                    plain.getPeer(), reason.getMessage());
            why = new ConnectionDone();
        }
        outcome = why;
        if (files != null) {
            files.fail(why);
        }
        if (!appStarted) {
            log.debug("{}: closed before the TLS handshake finished: {}", plain.getPeer(), why.getMessage());
            return;
        }
        PushProducer p = producer;
        producer = null;
        if (p != null && p != this) {
            p.stopProducing();
        }
        app.connectionLost(why);
    }

    /**
     * True when {@link FileQueue} may read another piece: the engine takes plaintext, nothing is
     * held before it, and the plain transport's queue is at our low mark or below.
     */
    boolean hasRoomForFile() {
        return state == State.OPEN && handshakeDone && !taskRunning && early.isEmpty() && !plain.isWriteBufferFull();
    }

    /**
     * A file could not be read to its count: the connection is lost, as on the plain path (the peer
     * cannot tell where the file stopped). What was encrypted goes out, without close_notify, so the
     * peer sees a truncated stream.
     */
    void fileFailed(IOException e) {
        if (state == State.CLOSED) {
            return;
        }
        log.debug("{}: connection lost: sendFile failed", plain.getPeer(), e);
        ConnectionLost reason = new ConnectionLost(e);
        fail(reason);
        files.fail(reason);
        plain.loseConnection();
    }

    private void checkWaterMarks() {
        if (plain == null) {
            return;
        }
        long size = queuedBytes();
        if (!writeBufferFull && size > highWater) {
            writeBufferFull = true;
            if (producer != null) {
                producer.pauseProducing();
            }
        } else if (writeBufferFull && size <= lowWater) {
            writeBufferFull = false;
            if (producer != null) {
                producer.resumeProducing();
            }
        }
    }

    /** Hears the plain transport's queue cross our low mark, so our marks follow it and a file reads on. */
    private final class DrainWatcher implements PushProducer {
        @Override
        public void pauseProducing() {
            checkWaterMarks();
        }

        @Override
        public void resumeProducing() {
            checkWaterMarks();
            if (files != null) {
                files.resume();
            }
        }

        @Override
        public void stopProducing() {
        }
    }

    /** The protocol of the plain transport: ciphertext in, and how the plain stream ends. */
    private class Lower implements HalfCloseableProtocol, StreamLayer {
        @Override
        public void makeConnection(Transport transport) {
            begin(transport);
        }

        @Override
        public void connectionMade() {
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received(data);
        }

        @Override
        public void readConnectionLost() {
            plainEnded();
        }

        @Override
        public void writeConnectionLost() {
            if (appStarted && state != State.CLOSED && app instanceof HalfCloseableProtocol halfCloseable) {
                halfCloseable.writeConnectionLost();
            }
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            lost(reason);
        }

        @Override
        public void closeAtStop() {
            stopping();
        }

        @Override
        public String toString() {
            return "TLS(" + app + ")";
        }
    }

    /**
     * The plain transport's protocol when the application decides itself what idleness means: the
     * timeouts watch the records below, and each expiry reaches the application instead of closing.
     */
    private final class IdleAwareLower extends Lower implements IdleAwareProtocol {
        @Override
        public void timeoutConnection(IdleKind kind) {
            if (appStarted && state != State.CLOSED) {
                ((IdleAwareProtocol) app).timeoutConnection(kind);
            }
        }
    }
}
