package io.torsion.tck;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The kit's TLS client where the JDK has no {@code SSLSocket}: an {@link SSLEngine} over a plain
 * wire, such as a Unix socket channel ({@code SSLSocketFactory} layers only over a
 * {@code java.net.Socket}). It behaves as the kit's {@code SSLSocket} peer does: blocking with the
 * plain wire's timeouts, an end of stream without close_notify read as an end, close_notify on
 * {@link #shutdownOutput()} and {@link #close()}, a reset of the socket beneath on {@link #reset()}.
 * One thread may read while another writes: the engine allows a wrap and an unwrap at once, and
 * writes (with any reply a read makes the engine owe) hold {@link #writing}.
 */
final class EngineWire implements Peer.Wire {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final Peer.Wire plain;
    private final SSLEngine engine;
    /** Ciphertext read and not yet unwrapped; kept ready for filling. Reading thread only. */
    private final ByteBuffer netIn;
    /** Plaintext unwrapped and not yet returned; kept ready for draining. Reading thread only. */
    private final ByteBuffer appIn;
    /** Ciphertext to send; under {@link #writing}. */
    private final ByteBuffer netOut;
    private final Object writing = new Object();
    private boolean inboundDone;

    private EngineWire(Peer.Wire plain, SSLEngine engine) {
        this.plain = plain;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(packet);
    }

    /** A client over {@code plain}, handshaken with {@code engine} (in client mode) before this returns. */
    static EngineWire handshake(Peer.Wire plain, SSLEngine engine) throws IOException {
        EngineWire wire = new EngineWire(plain, engine);
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wire.send(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!wire.unwrapRecord()) {
                        throw new SSLHandshakeException("the server closed the connection during the handshake");
                    }
                }
                case NEED_TASK -> runTasks(engine);
                default -> {
                    return wire;
                }
            }
        }
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        while (!appIn.hasRemaining()) {
            if (inboundDone || !unwrapRecord()) {
                return -1;
            }
        }
        int n = Math.min(into.remaining(), appIn.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        into.put(appIn);
        appIn.limit(limit);
        return n;
    }

    @Override
    public void write(ByteBuffer from) throws IOException {
        send(from);
    }

    /** Sends close_notify: over TLS 1.3 our half of the stream ends and reading goes on. */
    @Override
    public void shutdownOutput() throws IOException {
        synchronized (writing) {
            engine.closeOutbound();
            send(NOTHING);
        }
    }

    @Override
    public void reset() throws IOException {
        plain.reset();
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return plain.localAddress();
    }

    /** Sends close_notify if it was not sent, then closes the socket beneath. */
    @Override
    public void close() throws IOException {
        try {
            shutdownOutput();
        } catch (IOException peerGone) {
            // nothing more can reach the peer; closing is all that is left
        } finally {
            plain.close();
        }
    }

    /**
     * Unwraps one record into {@link #appIn} (plaintext, or none for a handshake message or a
     * ticket), reading from the socket as needed. False at the end of the peer's stream: its
     * close_notify, or an end of stream without one (read as an end, as {@code SSLSocket} does).
     */
    private boolean unwrapRecord() throws IOException {
        while (true) {
            SSLEngineResult r;
            netIn.flip();
            appIn.compact();
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
                appIn.flip();
            }
            switch (r.getStatus()) {
                case OK -> {
                    owe(r.getHandshakeStatus());
                    return true;
                }
                case CLOSED -> {
                    inboundDone = true;
                    owe(r.getHandshakeStatus());
                    return false;
                }
                case BUFFER_UNDERFLOW -> {
                    if (plain.read(netIn) < 0) {
                        inboundDone = true;
                        return false;
                    }
                }
                default -> throw new SSLException("no room for a record's plaintext: " + r); // appIn holds a whole record
            }
        }
    }

    /** Runs what a record asked for after the handshake: a task, or a reply (a key update's). */
    private void owe(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks(engine);
            status = engine.getHandshakeStatus();
        }
        if (status == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
            send(NOTHING);
        }
    }

    /** Wraps all of {@code from} (or what the engine owes, for an empty buffer) and writes the records. */
    private void send(ByteBuffer from) throws IOException {
        synchronized (writing) {
            do {
                netOut.clear();
                SSLEngineResult r = engine.wrap(from, netOut);
                netOut.flip();
                if (netOut.hasRemaining()) {
                    plain.write(netOut);
                }
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks(engine);
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    if (from.hasRemaining()) {
                        throw new SSLException("the TLS connection is closed for writing");
                    }
                    return;
                }
                if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                    return;
                }
            } while (from.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
