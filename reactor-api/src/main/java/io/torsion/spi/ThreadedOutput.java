package io.torsion.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipe the reactor cannot watch (a {@link Process}'s standard input under the select backend),
 * written by a helper thread. {@link #write} takes at most {@link #CAPACITY} bytes that the thread
 * has not written yet, like a kernel pipe buffer, and returns 0 when that is full; the connection
 * queues the rest under its water marks. The thread reports room again, or a failure (the child
 * closed its end), through the registrar. Closing lets the thread write what it holds, then close.
 */
final class ThreadedOutput extends ThreadedPipe {

    /** Bytes taken but not yet written: one pipe buffer's worth. */
    static final int CAPACITY = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ThreadedOutput.class);

    private final OutputStream out;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>(); // guarded by this
    private int pendingBytes; // guarded by this
    private boolean full; // guarded by this: a write found no room; report room when there is
    private boolean closing; // guarded by this
    private IOException failure; // guarded by this

    /** Starts the writer thread for {@code out}, named {@code threadName}. */
    ThreadedOutput(EventLoop loop, OutputStream out, SocketAddress address, String threadName) {
        super(loop, address);
        this.out = out;
        start(this::writeLoop, threadName);
    }

    // ---- the helper thread -------------------------------------------------------------------

    private void writeLoop() {
        try {
            byte[] chunk;
            while ((chunk = next()) != null) {
                out.write(chunk);
                out.flush();
                if (written(chunk.length)) {
                    handOver();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
                pending.clear();
                pendingBytes = 0;
            }
            handOver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("{}: close failed", address(), e);
            }
        }
    }

    /** The next chunk to write, waiting for one; null once closing and all is written. */
    private synchronized byte[] next() throws InterruptedException {
        while (pending.isEmpty() && !closing) {
            wait();
        }
        return pending.peek();
    }

    /** Forgets a written chunk; true when a write had found no room (so the reactor must hear of room). */
    private synchronized boolean written(int length) {
        pending.poll();
        pendingBytes -= length;
        boolean report = full;
        full = false;
        return report;
    }

    // ---- the reactor thread ------------------------------------------------------------------

    /** There is room again, or the writing failed. */
    @Override
    void report() {
        if (!watching || handler == null || handler.isClosed()) {
            return;
        }
        IOException failed;
        synchronized (this) {
            failed = failure;
        }
        if (failed != null) {
            handler.onError(failed);
        } else {
            handler.onWritable();
        }
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (failure != null) {
            throw failure;
        }
        int n = Math.min(src.remaining(), CAPACITY - pendingBytes);
        if (n == 0) {
            full = src.hasRemaining();
            return 0;
        }
        byte[] chunk = new byte[n];
        src.get(chunk);
        pending.add(chunk);
        pendingBytes += n;
        notifyAll();
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int wanted = srcs[i].remaining();
            int n = write(srcs[i]);
            total += n;
            if (n < wanted) {
                break;
            }
        }
        return total;
    }

    @Override
    public void watch(boolean read, boolean write) {
        if (watchingStarts(write)) {
            boolean report;
            synchronized (this) {
                report = !full || failure != null;
            }
            if (report) {
                reportSoon(); // there is room now; a kernel would say so at once too
            }
        }
    }

    @Override
    public void readNow() {
        // nothing is ever read from standard input's writing end
    }

    @Override
    public synchronized void shutdownOutput() {
        closing = true;
        notifyAll();
    }

    @Override
    public void close() {
        shutdownOutput(); // what was taken is still written, as a kernel pipe keeps what it holds
    }

    // ---- what a write-only pipe does not do --------------------------------------------------

    @Override
    public int read(ByteBuffer dst) {
        return 0;
    }
}
