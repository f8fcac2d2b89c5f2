package io.torsion.spi;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a datagram port does that does not depend on how the backend talks to the kernel:
 * delivering whole datagrams within a budget, reporting truncation, the bounded send queue and its
 * drop count, refusals on a connected port, shielding the reactor from what the protocol throws, and
 * stopping exactly once. The backend supplies a {@link DatagramHandle}; its {@link Registrar} reports
 * readiness here, as to every {@link ReadinessHandler}.
 */
public sealed class DatagramPort implements DatagramTransport, ReadinessHandler permits UdpPort {

    /** Datagrams delivered per readiness before other sockets get their turn; one recvmmsg batch. */
    public static final int READ_BUDGET = 64;

    /** Queued datagrams handed to one (batched) send. */
    private static final int SEND_BATCH = 64;

    /** The longest datagram staged for the end of a batch; longer ones go at once (and may get EMSGSIZE). */
    private static final int STAGE_LIMIT = 65_507;

    /**
     * How long to wait before retrying a flush that the kernel refused although it reported the
     * socket writable (an unconnected Unix datagram socket whose receiver is full does that): without
     * the pause a level-triggered backend would spin.
     */
    private static final Duration FLUSH_RETRY = Duration.ofMillis(1);

    private static final Logger log = LoggerFactory.getLogger(DatagramPort.class);

    private enum State { OPEN, STOPPED }

    private final EventLoop loop;
    private final DatagramHandle handle;
    private final int maxPacketSize;
    private final SocketAddress host;
    private final DatagramSendQueue queue = new DatagramSendQueue();
    private final ByteBuffer[] sendData = new ByteBuffer[SEND_BATCH];
    private final SocketAddress[] sendTo = new SocketAddress[SEND_BATCH];
    private final Runnable retryFlush = this::retryFlush;
    /** Destinations of the datagrams staged in the handle's batch. */
    private final SocketAddress[] stagedTo;
    private int staged;
    private boolean delivering;
    private Registrar registrar;
    private DatagramProtocol protocol;
    private State state = State.OPEN;
    private SocketAddress peer;
    private long dropped;
    private long truncated;
    private boolean flushRetryPending;

    DatagramPort(EventLoop loop, DatagramHandle handle, int maxPacketSize) throws IOException {
        this.loop = loop;
        this.handle = handle;
        this.maxPacketSize = maxPacketSize;
        this.host = handle.localAddress();
        this.stagedTo = new SocketAddress[handle.sendBatchCapacity()];
    }

    /** Registers for readiness (the caller closes the handle when that fails). */
    final void register() throws IOException {
        registrar = handle.register(this);
    }

    /** Starts {@code protocol} (as this port's transport) and begins reading. */
    final void start(DatagramProtocol protocol) {
        this.protocol = protocol;
        registrar.watch(true, false);
        try {
            protocol.makeConnection(this);
        } catch (RuntimeException | Error e) {
            protocolThrew("startProtocol", null, e);
        }
    }

    // ---- events from the backend -------------------------------------------------------------

    /**
     * The socket is readable: delivers up to {@code budget} datagrams. Returns true when the budget
     * ran out with more perhaps waiting (an edge-triggered backend then comes back without an edge).
     */
    @Override
    public final boolean onReadable(int budget) {
        int left = budget;
        while (left > 0 && state == State.OPEN) {
            int asked = Math.min(left, handle.batchCapacity());
            int n;
            try {
                n = handle.receive(asked);
            } catch (PortUnreachableException e) {
                refused();
                continue; // the error is consumed; datagrams may be queued behind it
            } catch (IOException e) {
                log.warn("{}: receive failed; the port keeps serving", host, e);
                return false;
            }
            // Replies written while the batch is delivered leave together when it is done.
            delivering = true;
            for (int i = 0; i < n && state == State.OPEN; i++) {
                deliver(i);
            }
            delivering = false;
            if (staged > 0) {
                flushStaged();
            }
            if (n < asked) {
                return false; // a short batch: the kernel's queue is empty
            }
            left -= n;
        }
        return state == State.OPEN;
    }

    /** The socket is writable again: sends what is queued, in order. */
    @Override
    public final void onWritable() {
        if (state != State.OPEN) {
            return;
        }
        boolean progress = flush();
        if (queue.isEmpty()) {
            registrar.watch(true, false);
        } else if (!progress && !flushRetryPending) {
            // Writable by the kernel's word, yet nothing went: ask again a little later instead.
            registrar.watch(true, false);
            flushRetryPending = true;
            loop.callLater(FLUSH_RETRY, retryFlush);
        }
    }

    /** The kernel reported an error pending on the socket (EPOLLERR, taken with SO_ERROR). */
    @Override
    public final void onError(IOException error) {
        if (state != State.OPEN) {
            return;
        }
        if (error instanceof PortUnreachableException) {
            refused();
        } else {
            log.warn("{}: socket error; the port keeps serving", host, error);
        }
    }

    // ---- DatagramTransport -------------------------------------------------------------------

    @Override
    public final void write(ByteBuffer data, SocketAddress to) {
        if (to == null) {
            throw new NullPointerException("to");
        }
        send(data, to);
    }

    @Override
    public final void write(ByteBuffer data) {
        if (peer == null) {
            throw new IllegalStateException("write(data) needs a connected port; use write(data, to) or connect first");
        }
        send(data, null);
    }

    private void send(ByteBuffer data, SocketAddress to) {
        if (state != State.OPEN) {
            data.position(data.limit()); // as on a closed stream: dropped silently
            return;
        }
        if (queue.isEmpty() && delivering && staged < stagedTo.length && data.remaining() <= STAGE_LIMIT
                && handle.stage(staged, data, to)) {
            stagedTo[staged++] = to;
            data.position(data.limit());
            return;
        }
        if (staged > 0) {
            flushStaged(); // what was staged goes before this one
        }
        if (queue.isEmpty()) {
            try {
                if (handle.send(data, to)) {
                    return;
                }
            } catch (DatagramTooLargeException e) {
                throw new IllegalArgumentException(e.getMessage() + (to == null ? "" : ", to " + to), e);
            } catch (PortUnreachableException e) {
                refused();
                data.position(data.limit());
                return;
            } catch (IOException e) {
                log.warn("{}: sending {} bytes to {} failed; the datagram is lost", host, data.remaining(),
                        to == null ? peer : to, e);
                data.position(data.limit());
                return;
            }
        }
        enqueue(data, to);
    }

    /** Queues a copy of {@code data} for when the socket is writable, or drops and counts it. */
    private void enqueue(ByteBuffer data, SocketAddress to) {
        int length = data.remaining();
        if (queue.offer(data, to)) {
            if (!flushRetryPending) {
                registrar.watch(true, true);
            }
            return;
        }
        data.position(data.limit());
        dropped++;
        try {
            protocol.datagramDropped(to == null ? peer : to, length);
        } catch (RuntimeException | Error e) {
            protocolThrew("datagramDropped", to, e);
        }
    }

    /**
     * Sends what was staged during the batch, in one call where the kernel takes it all; what it
     * does not take goes to the send queue in order (or is dropped and counted beyond its limit).
     */
    private void flushStaged() {
        int count = staged;
        int from = 0;
        while (from < count && state == State.OPEN) {
            int sent;
            try {
                sent = handle.sendStaged(from, count);
            } catch (PortUnreachableException e) {
                refused();
                sent = 1;
            } catch (IOException e) {
                log.warn("{}: sending {} bytes to {} failed; the datagram is lost", host, handle.staged(from).remaining(),
                        stagedTo[from] == null ? peer : stagedTo[from], e);
                sent = 1;
            }
            if (sent == 0) {
                break;
            }
            from += sent;
        }
        for (int i = from; i < count && state == State.OPEN; i++) {
            enqueue(handle.staged(i), stagedTo[i]);
        }
        java.util.Arrays.fill(stagedTo, 0, count, null);
        staged = 0;
    }

    @Override
    public final void connect(SocketAddress peer) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("the port has stopped");
        }
        if (staged > 0) {
            flushStaged();
        }
        handle.connect(peer);
        this.peer = peer;
    }

    @Override
    public final SocketAddress getPeer() {
        return peer;
    }

    @Override
    public final SocketAddress getHost() {
        return host;
    }

    @Override
    public final void stopListening() {
        if (state != State.OPEN) {
            return;
        }
        state = State.STOPPED;
        queue.clear();
        java.util.Arrays.fill(stagedTo, null);
        staged = 0;
        registrar.cancel();
        handle.close();
        loop.datagramPortStopped(this);
        loop.runSoon(this::stopProtocol);
    }

    @Override
    public final boolean isListening() {
        return state == State.OPEN;
    }

    @Override
    public final boolean isClosed() {
        return !isListening();
    }

    @Override
    public final long droppedDatagrams() {
        return dropped;
    }

    @Override
    public final long truncatedDatagrams() {
        return truncated;
    }

    @Override
    public final int queuedBytes() {
        return queue.bytes();
    }

    @Override
    public final void setSendQueueLimit(int bytes) {
        queue.setLimit(bytes);
    }

    @Override
    public final int maxPacketSize() {
        return maxPacketSize;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + host + (peer != null ? " -> " + peer : "") + ", " + state + "]";
    }

    // ---- inside ------------------------------------------------------------------------------

    private void deliver(int i) {
        SocketAddress from = handle.sender(i);
        if (handle.truncated(i)) {
            truncated++;
            log.debug("{}: a datagram from {} was longer than {} bytes and was dropped", host, from, maxPacketSize);
            try {
                protocol.datagramTruncated(from);
            } catch (RuntimeException | Error e) {
                protocolThrew("datagramTruncated", from, e);
            }
            return;
        }
        try {
            protocol.datagramReceived(handle.data(i), from);
        } catch (RuntimeException | Error e) {
            protocolThrew("datagramReceived", from, e);
        }
    }

    /** Sends queued datagrams until the kernel is full; true when at least one went (or was given up). */
    private boolean flush() {
        boolean progress = false;
        while (!queue.isEmpty() && state == State.OPEN) {
            int n = queue.peek(sendData, sendTo);
            int sent;
            try {
                sent = handle.send(sendData, sendTo, n);
            } catch (PortUnreachableException e) {
                sent = 1;
                refused();
            } catch (IOException e) {
                sent = 1;
                dropped++;
                log.warn("{}: sending a queued datagram to {} failed; it is lost", host,
                        sendTo[0] == null ? peer : sendTo[0], e);
            }
            queue.remove(sent);
            progress |= sent > 0;
            if (sent < n) {
                break;
            }
        }
        java.util.Arrays.fill(sendData, null);
        java.util.Arrays.fill(sendTo, null);
        return progress;
    }

    private void retryFlush() {
        flushRetryPending = false;
        if (state == State.OPEN && !queue.isEmpty()) {
            registrar.watch(true, true);
        }
    }

    private void refused() {
        try {
            protocol.connectionRefused();
        } catch (RuntimeException | Error e) {
            protocolThrew("connectionRefused", peer, e);
        }
    }

    private void stopProtocol() {
        try {
            protocol.stopProtocol();
        } catch (RuntimeException | Error e) {
            protocolThrew("stopProtocol", null, e);
        }
    }

    private void protocolThrew(String hook, SocketAddress who, Throwable e) {
        if (Callbacks.isFatal(e)) {
            throw (Error) e; // only Errors are fatal
        }
        loop.uncaughtError(host + ": " + hook + " of " + protocol + " threw"
                + (who == null ? "" : " (peer " + who + ")") + "; the port keeps serving", e);
    }
}
