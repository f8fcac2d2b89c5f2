package io.torsion.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipe the reactor cannot watch (a {@link Process}'s output under the select backend), read by a
 * helper thread: the thread blocks in {@code read} and hands each chunk over; the reactor takes
 * chunks through {@link #read}, as from a socket. At most {@link #MAX_HELD} chunks wait, so a
 * paused connection stops the thread, the pipe fills, and the child blocks: memory stays bounded,
 * nothing is lost. Its registrar reports "readable" while chunks wait and reading is watched.
 */
final class ThreadedInput extends ThreadedPipe {

    /** One read's worth: what a pipe usually holds at once is 64 KiB. */
    static final int CHUNK = 16 * 1024;
    /** Chunks handed over but not yet read: about one pipe buffer more. */
    static final int MAX_HELD = 4;

    private static final Logger log = LoggerFactory.getLogger(ThreadedInput.class);

    private final InputStream in;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>(); // guarded by this
    private boolean ended; // guarded by this
    private IOException failure; // guarded by this
    private volatile boolean closed;
    private ByteBuffer current; // reactor thread: the chunk being read

    /** Starts reading {@code in} on a daemon thread named {@code threadName}. */
    ThreadedInput(EventLoop loop, InputStream in, SocketAddress address, String threadName) {
        super(loop, address);
        this.in = in;
        start(this::readLoop, threadName);
    }

    // ---- the helper thread -------------------------------------------------------------------

    private void readLoop() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (waitForRoom()) {
                int n = in.read(buffer);
                synchronized (this) {
                    if (n < 0) {
                        ended = true;
                    } else {
                        held.add(Arrays.copyOf(buffer, n));
                    }
                }
                handOver();
                if (n < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
            handOver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits while {@link #MAX_HELD} chunks wait; false once closed. */
    private synchronized boolean waitForRoom() throws InterruptedException {
        while (held.size() >= MAX_HELD && !closed) {
            wait();
        }
        return !closed;
    }

    // ---- the reactor thread ------------------------------------------------------------------

    @Override
    void report() {
        if (!watching || closed || !available()) {
            return;
        }
        handler.onReadable(1);
        if (watching && !closed && available()) {
            reportSoon(); // level-triggered: one read per turn, fair to the other streams
        }
    }

    private synchronized boolean available() {
        return current != null && current.hasRemaining() || !held.isEmpty() || ended || failure != null;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (current == null || !current.hasRemaining()) {
            synchronized (this) {
                byte[] next = held.poll();
                if (next == null) {
                    if (failure != null) {
                        throw failure;
                    }
                    return ended ? -1 : 0;
                }
                notifyAll(); // room for the reader thread
                current = ByteBuffer.wrap(next);
            }
        }
        int n = Math.min(dst.remaining(), current.remaining());
        dst.put(dst.position(), current, current.position(), n);
        dst.position(dst.position() + n);
        current.position(current.position() + n);
        return n;
    }

    @Override
    public void watch(boolean read, boolean write) {
        if (watchingStarts(read)) {
            reportSoon(); // chunks may have come while nobody watched
        }
    }

    @Override
    public void readNow() {
        report();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            held.clear();
            notifyAll();
        }
        try {
            in.close();
        } catch (IOException e) {
            log.debug("{}: close failed", address(), e);
        }
    }

    // ---- what a read-only pipe does not do ---------------------------------------------------

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new IOException(address() + " is read-only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new IOException(address() + " is read-only");
    }

    @Override
    public void shutdownOutput() {
        // nothing to shut: we never write here
    }
}
