package io.torsion.spi;

import io.torsion.api.PushProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A connection's sending half. Writes made during one loop turn are gathered: the first write of a
 * turn lists the connection with the loop, each write is copied into the queue, and the loop
 * flushes every listed connection in one gathering write each when the turn's dispatch ends,
 * before it waits again ({@link EventLoop#flushPending}). A write that brings a turn's unsent bytes
 * to {@link #GATHER_AT} or more goes out at once (a large write is not copied at all), so pending
 * bytes stay small and the water marks keep meaning bytes the kernel refused. Only what the kernel
 * did not take waits for writability; the queue is made on first need. Failures are reported to
 * the connection, which decides what they mean.
 *
 * <p>A file given to {@link #sendFile} queues as a {@link FileRegion} behind the bytes before it;
 * bytes written after it queue in the region, and the regions go out in order. The file's unsent
 * bytes count as queued for the water marks and for closing after a flush.
 */
final class Outbound {

    /** The documented default marks. */
    static final int DEFAULT_HIGH = 64 * 1024;
    static final int DEFAULT_LOW = 16 * 1024;
    /** Unsent bytes of one turn that are written at once rather than at the end of the turn. */
    static final int GATHER_AT = 16 * 1024;

    private final StreamConnection connection;
    private final StreamHandle handle;
    private final EventLoop loop;
    private WriteQueue queue;
    /** Files queued behind {@link #queue}, each with the writes made after it; null until the first. */
    private ArrayDeque<FileRegion> files;
    /** Bytes queued in {@link #files}: their unsent file bytes and the writes after them. */
    private long filesBytes;
    private PushProducer producer;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_LOW;
    private boolean full;
    /** Listed with the loop for the end of this turn: what is queued has not been offered to the kernel. */
    private boolean pending;

    Outbound(StreamConnection connection, StreamHandle handle, EventLoop loop) {
        this.connection = connection;
        this.handle = handle;
        this.loop = loop;
    }

    /** Bytes written but not yet taken by the kernel. */
    long size() {
        return (queue == null ? 0 : queue.size()) + filesBytes;
    }

    /**
     * Queues {@code data} for the end of the turn, or writes it now when the turn's unsent bytes
     * reach {@link #GATHER_AT}; behind bytes the kernel refused it just queues. Writes are accepted
     * only while {@code open}.
     */
    void write(ByteBuffer data, boolean open) {
        if (!open || !data.hasRemaining()) {
            data.position(data.limit()); // writes after loseConnection are dropped, as in Twisted
            return;
        }
        if (size() == 0 && data.remaining() >= GATHER_AT) {
            try {
                if (handle.write(data) > 0) {
                    connection.wrote();
                }
            } catch (IOException e) {
                data.position(data.limit());
                connection.connectionFailed(e);
                return;
            }
            enqueue(data);
        } else {
            gather(data);
        }
    }

    /** As {@link #write} for each buffer, in order. */
    void writeSequence(ByteBuffer[] data, boolean open) {
        for (ByteBuffer b : data) {
            write(b, open);
            open &= !connection.isClosed();
        }
    }

    /** The loop's end of turn: offers what this turn's writes gathered to the kernel in one write. */
    void flushPending() {
        if (pending && !connection.isClosed()) {
            pending = false;
            connection.flush();
        }
    }

    /** Shuts down the sending side once the queue is empty; false when that failed (reported). */
    boolean shutdown() {
        try {
            handle.shutdownOutput();
            return true;
        } catch (IOException e) {
            connection.connectionFailed(e);
            return false;
        }
    }

    /** True while bytes wait for the socket to become writable (not merely for the end of the turn). */
    boolean waitsForKernel() {
        return !pending && size() > 0;
    }

    /** The socket is writable: sends what is queued; true when the queue is empty afterwards. */
    boolean flush() throws IOException {
        long sent = 0;
        try {
            while (true) {
                sent += flushBytes();
                if (queue != null && !queue.isEmpty() || files == null || files.isEmpty()) {
                    break;
                }
                long n = sendFile(files.peekFirst());
                sent += n;
                if (files.peekFirst().remaining() > 0) {
                    break;
                }
                FileRegion region = files.pollFirst();
                region.sent(loop);
                WriteQueue after = region.takeAfter();
                if (after != null) {
                    filesBytes -= after.size();
                    queue = after; // the one before is empty: it holds no chunk
                }
            }
        } finally {
            if (sent > 0) {
                connection.wrote();
            }
        }
        return size() == 0;
    }

    /** Sends the bytes before the first file; the count sent. */
    private long flushBytes() throws IOException {
        long sent = 0;
        while (queue != null && !queue.isEmpty()) {
            long n = sendSome();
            queue.written(n);
            sent += n;
            if (n == 0) {
                break;
            }
        }
        return sent;
    }

    private long sendFile(FileRegion region) throws IOException {
        ByteBuffer scratch = loop.bufferPool().take();
        try {
            long n = region.send(handle, scratch);
            filesBytes -= n;
            return n;
        } finally {
            loop.bufferPool().give(scratch);
        }
    }

    /**
     * Queues {@code count} bytes of {@code file} from {@code position} behind what is queued and
     * tries the socket now when nothing else waits; accepted only while {@code open}.
     */
    CompletionStage<Long> sendFile(FileChannel file, long position, long count, boolean open) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("need position >= 0 and count >= 0, got " + position + ", " + count);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (!open) {
            done.completeExceptionally(new ClosedChannelException()); // as a write now would be dropped
            return done;
        }
        if (count == 0) {
            done.complete(0L);
            return done;
        }
        boolean idle = size() == 0;
        if (files == null) {
            files = new ArrayDeque<>(2);
        }
        files.addLast(new FileRegion(file, position, count, done));
        filesBytes += count;
        if (idle) {
            connection.flush();
        } else if (!pending) {
            connection.updateInterest();
            checkMarks();
        }
        return done;
    }

    /**
     * One write of the queue's head: the lone chunk straight (a turn's gathered small writes, the
     * usual case, without walking the queue), else a gathering write of the chunks.
     */
    private long sendSome() throws IOException {
        if (queue.chunkCount() == 1) {
            return handle.write(queue.head());
        }
        ByteBuffer[] gather = loop.gatherArray();
        try {
            int count = queue.fill(gather);
            return handle.write(gather, 0, count);
        } finally {
            Arrays.fill(gather, null);
        }
    }

    /** Drops what is queued (an abort, a close); files not sent fail with {@code reason}. */
    void clear(Throwable reason) {
        if (queue != null) {
            queue.clear();
        }
        if (files != null) {
            FileRegion region;
            while ((region = files.pollFirst()) != null) {
                region.failed(loop, reason);
            }
            filesBytes = 0;
        }
    }

    void setMarks(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + " low=" + low);
        }
        this.high = high;
        this.low = low;
        checkMarks();
    }

    /** True above the high mark, until the queue drains to the low mark. */
    boolean isFull() {
        return full;
    }

    /** Registers the producer that follows the marks (null: none); pauses it at once when full. */
    void register(PushProducer p) {
        if (producer != p) {
            PullPump.forget(producer);
        }
        producer = p;
        if (full && p != null) {
            tell(p);
        }
    }

    /** Forgets the producer and returns it (the caller tells a {@link PullPump} if it should stop). */
    PushProducer unregister() {
        PushProducer p = producer;
        producer = null;
        return p;
    }

    /** Pauses or resumes the producer when the queue crossed a mark. */
    void checkMarks() {
        long size = size();
        if (full ? size <= low : size > high) {
            full = !full;
            if (producer != null) {
                tell(producer);
            }
        }
    }

    /** Copies {@code data} into the queue behind what is pending; writes all now past {@link #GATHER_AT}. */
    private void gather(ByteBuffer data) {
        boolean first = size() == 0;
        if (!first && !pending) {
            enqueue(data); // behind refused bytes: the socket's writability sends it
            return;
        }
        append(data);
        if (first) {
            pending = true;
            loop.writeLater(connection);
        }
        if (pending && size() >= GATHER_AT) {
            pending = false; // keeps pending bytes small; the loop's later visit finds nothing to do
            connection.flush();
        }
    }

    /** Queues what the kernel did not take, waits for writability, follows the marks. */
    private void enqueue(ByteBuffer data) {
        if (data.hasRemaining()) {
            append(data);
            connection.updateInterest();
            checkMarks();
        }
    }

    /** Copies {@code data} to the end: behind the last file queued, if any. */
    private void append(ByteBuffer data) {
        if (files == null || files.isEmpty()) {
            queue().append(data);
        } else {
            filesBytes += data.remaining();
            files.peekLast().after(loop.bufferPool()).append(data);
        }
    }

    private WriteQueue queue() {
        if (queue == null) {
            queue = new WriteQueue(loop.bufferPool());
        }
        return queue;
    }

    private void tell(PushProducer p) {
        try {
            if (full) {
                p.pauseProducing();
            } else {
                p.resumeProducing();
            }
        } catch (RuntimeException | Error e) {
            connection.protocolFailed(full ? "pauseProducing" : "resumeProducing", e);
        }
    }
}
