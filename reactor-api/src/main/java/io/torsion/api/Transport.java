package io.torsion.api;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * One connection as the protocol sees it: write to it, close it, steer its flow.
 *
 * <p><b>Threading.</b> Call transport methods on the reactor thread only (from a protocol callback,
 * a timer, or a {@link Reactor#callFromThread} task).
 *
 * <p><b>Writes.</b> {@code write} tries the socket at once and queues only what the kernel did not
 * take; the queued bytes are copies, so the caller may reuse its array or buffer as soon as
 * {@code write} returns. Writes after {@link #loseConnection()} or after the connection closed are
 * silently dropped, as in Twisted.
 *
 * <p><b>Flow control.</b> The outbound queue has a high-water mark (default 64 KiB) and a
 * low-water mark (default 16 KiB). A {@link PushProducer} registered with
 * {@link #registerProducer} is paused when the queue rises above the high mark and resumed when it
 * drains below the low mark. Nothing stops a protocol from writing past the high mark; the marks are
 * advice that a well-behaved producer follows.
 *
 * <p><b>Closing.</b> {@link #loseConnection()} closes once everything queued is flushed;
 * {@link #abortConnection()} closes now and drops the queue. Both are idempotent; the protocol's
 * {@code connectionLost} runs exactly once, later on the reactor thread (never from inside the
 * call that closed).
 *
 * <p><b>Kinds.</b> This is what every stream has, whatever carries it. Over TCP the transport is
 * also a {@link TcpTransport} (no-delay, keep-alive); over a Unix domain socket a
 * {@link UnixTransport} (peer credentials). A protocol that needs those casts, as a Twisted protocol
 * adapts its transport to {@code ITCPTransport}.
 */
public interface Transport extends PushProducer {

    /** Sends {@code data}; see the class comment for what happens when the kernel is busy. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Sends the bytes from {@code data}'s position to its limit and advances its position to the limit. */
    void write(ByteBuffer data);

    /** Sends the buffers in order, as one gathering write where the backend can. */
    void writeSequence(ByteBuffer... data);

    /** Flushes what is queued, then closes. Idempotent; the reason seen is {@link ConnectionDone}. */
    void loseConnection();

    /** Closes now, dropping what is queued. Idempotent; the reason seen is {@link ConnectionAborted}. */
    void abortConnection();

    /**
     * Half-close: flushes what is queued, then shuts down our sending side; reading goes on. The peer
     * sees end of stream. A {@link HalfCloseableProtocol} hears {@code writeConnectionLost} when done.
     */
    void loseWriteConnection();

    /**
     * The remote address: an {@link java.net.InetSocketAddress} over TCP, a
     * {@link java.net.UnixDomainSocketAddress} over a Unix domain socket (empty path when the peer's
     * socket has no name, as a connecting client's usually has not).
     */
    SocketAddress getPeer();

    /** The local address, of the same kind as {@link #getPeer()}. */
    SocketAddress getHost();

    /** Stops reading from the socket: no {@code dataReceived} until {@link #resumeProducing()}. */
    @Override
    void pauseProducing();

    /** Starts reading again; data that arrived meanwhile is delivered, in order, nothing lost. */
    @Override
    void resumeProducing();

    /** A transport as producer stops by closing: the same as {@link #loseConnection()}. */
    @Override
    default void stopProducing() {
        loseConnection();
    }

    /** True while reading is paused by {@link #pauseProducing()}. */
    boolean isPaused();

    /**
     * Registers the producer to pause and resume with the outbound queue (see the class comment).
     * Replaces any producer registered before. If the queue is already above the high-water mark the
     * producer is paused at once. When the connection closes the producer hears
     * {@link PushProducer#stopProducing()} (unless it is this transport).
     */
    void registerProducer(PushProducer producer);

    /** Forgets the registered producer, push or pull, if any. */
    void unregisterProducer();

    /**
     * Registers a producer that writes only when asked (Twisted's {@code registerProducer(p,
     * streaming=False)}), in place of any producer registered before. It is asked for a piece on
     * a later loop turn, then once per turn while the outbound queue stays below the high-water
     * mark; above it, asking stops until the queue has drained to the low-water mark. It hears
     * {@link PullProducer#stopProducing()} when the connection closes.
     */
    default void registerPullProducer(PullProducer producer) {
        io.torsion.spi.PullPump.register(this, producer);
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} (the channel's own position
     * does not move), in order with the writes around it: what was written before goes first, what
     * is written after goes after. Over a TCP or Unix socket the bytes go from the file to the socket
     * without passing through the Java heap ({@code sendfile(2)} on epoll,
     * {@link FileChannel#transferTo} on select); over TLS, which must see them, they are read through a
     * buffer, a piece at a time as the queue beneath drains. The unsent rest counts as queued bytes
     * for the water marks (a registered producer pauses while a large file waits), and a half-close
     * or {@link #loseConnection()} waits for it. The stage completes on the reactor thread, never
     * from inside this call, with {@code count} once the last byte was handed on; it fails with the
     * connection's loss reason if the connection closes first, and when the file ends before
     * {@code count} bytes: the connection is then lost ({@link ConnectionLost} with the
     * {@code EOFException} as its cause), since the peer cannot tell where the file stopped.
     * After {@code loseConnection} nothing is sent, as writes are dropped, and the stage is returned
     * already failed. The channel must stay open until the stage completes.
     *
     * @throws IllegalArgumentException for a negative position or count
     */
    default java.util.concurrent.CompletionStage<Long> sendFile(FileChannel file, long position, long count) {
        return new FileSender(file, position, count).beginFileTransfer(this);
    }

    /** Sets the water marks, in bytes; {@code low} must not exceed {@code high}. */
    void setWaterMarks(int high, int low);

    /** Bytes written but not yet taken by the kernel. */
    long queuedBytes();

    /** True when the outbound queue is above the high-water mark (and has not yet drained below the low one). */
    boolean isWriteBufferFull();

    /**
     * Closes the connection with {@link ConnectionTimedOut} when no bytes are read or written for
     * {@code idle}: the all-idle timeout of {@link #setIdleTimeouts}, which this is
     * ({@code setIdleTimeouts(null, null, idle)}). {@code null} or zero turns it off. This is
     * Twisted's {@code TimeoutMixin}, built in.
     */
    default void setIdleTimeout(Duration idle) {
        setIdleTimeouts(null, null, idle);
    }

    /**
     * Sets the read-idle, write-idle and all-idle timeouts, each {@code null} or zero for off, as
     * Netty's {@code IdleStateHandler}: read-idle expires when nothing was read for its interval
     * (so a protocol that only writes still times out), write-idle when nothing the protocol wrote
     * reached the kernel (bytes that only queue do not count), all-idle when neither. An expired
     * timeout closes the connection with {@link ConnectionTimedOut}; for an
     * {@link IdleAwareProtocol} it calls {@link IdleAwareProtocol#timeoutConnection} instead and
     * leaves the connection open. Each call replaces all three; each set one starts now.
     */
    void setIdleTimeouts(Duration read, Duration write, Duration all);

    /** Starts every idle timeout's interval over from now, as Twisted's {@code resetTimeout}. */
    void resetIdleTimeouts();

    /** False once the connection has started closing (by either side) or has closed. */
    boolean isOpen();

    /**
     * The scheduler for this connection's timers (in tests, the clock). Tasks run on the reactor
     * thread. Unlike a task given to the reactor directly, a task scheduled here that throws is
     * treated like a throwing protocol callback: it closes this connection with a
     * {@link ConnectionLost} carrying the exception, and the reactor and every other connection go
     * on.
     */
    Scheduler scheduler();

    /**
     * The reactor this connection lives on: in a {@link ReactorGroup}, the loop that runs every one
     * of its callbacks for its whole life. Another connection's protocol, on another loop, hands it
     * work with {@code transport.reactor().callFromThread(task)} instead of calling it directly;
     * writing from a thread that is not this reactor's throws {@link IllegalStateException}.
     *
     * @return the reactor; test doubles without one throw {@link UnsupportedOperationException}
     */
    default Reactor reactor() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " belongs to no reactor");
    }

    /**
     * What this connection's TLS handshake agreed (version, cipher suite, ALPN protocol, the peer's
     * certificates); empty for a plain-text connection and while the handshake is under way.
     */
    default Optional<io.torsion.api.tls.TlsSession> tlsSession() {
        return Optional.empty();
    }

    /**
     * Switches this open connection to TLS from now on (STARTTLS; Twisted's {@code startTLS}), as a
     * server or a client by {@code asServer}, which must match {@code tls}'s side. What was written
     * before the call leaves in plain text first; everything read after it goes to the handshake,
     * and what is written after it is sent once the handshake is done. The protocol keeps this
     * transport; it hears of the handshake through {@link io.torsion.api.tls.HandshakeListener}, and
     * {@link #tlsSession()} reports it. A client checks the server's certificate against
     * {@link io.torsion.api.tls.TlsOptions#hostNameFor} the peer's address (set
     * {@code expectedHostName} when that is an IP address or a Unix socket). Bytes already handed
     * to {@code dataReceived} before the switch stay the protocol's: the peer must wait for the
     * protocol's go-ahead before its handshake, as STARTTLS protocols say.
     *
     * @throws UnsupportedOperationException for a transport that cannot (a test double, standard input)
     * @throws IllegalStateException when TLS is already on, or the connection is closing
     */
    default void startTls(io.torsion.api.tls.TlsOptions tls, boolean asServer) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot switch to TLS");
    }
}
