package io.torsion.spi;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A part of a file queued on a connection by {@code sendFile}, and the bytes written after it: the
 * file goes out when everything queued before it has, and {@link #after} when the file has.
 */
final class FileRegion {

    private final FileChannel file;
    private final long count;
    private long position;
    private long remaining;
    final CompletableFuture<Long> done;
    /** What was written after the file; made on the first such write. */
    private WriteQueue after;

    FileRegion(FileChannel file, long position, long count, CompletableFuture<Long> done) {
        this.file = file;
        this.position = position;
        this.count = count;
        this.remaining = count;
        this.done = done;
    }

    /** File bytes not yet taken by the kernel. */
    long remaining() {
        return remaining;
    }

    /** Sends what the kernel takes now; the count, 0 when it is full. Throws when the file ended early. */
    long send(StreamHandle handle, ByteBuffer scratch) throws IOException {
        long n = handle.sendFile(file, position, remaining, scratch);
        if (n < 0) {
            throw new EOFException("the file ended at byte " + position + ", " + remaining + " bytes short of sendFile's count");
        }
        position += n;
        remaining -= n;
        return n;
    }

    /** The queue for writes made after this file. */
    WriteQueue after(BufferPool pool) {
        if (after == null) {
            after = new WriteQueue(pool);
        }
        return after;
    }

    /** The writes made after this file, or null; called once it is sent. */
    WriteQueue takeAfter() {
        WriteQueue q = after;
        after = null;
        return q;
    }

    /** Completes the stage (on a later turn: never from inside the write that finished it). */
    void sent(EventLoop loop) {
        loop.runSoon(() -> done.complete(count));
    }

    /** The connection closed first: the stage fails with its reason; queued writes are dropped. */
    void failed(EventLoop loop, Throwable reason) {
        if (after != null) {
            after.clear();
        }
        loop.runSoon(() -> done.completeExceptionally(reason));
    }
}
