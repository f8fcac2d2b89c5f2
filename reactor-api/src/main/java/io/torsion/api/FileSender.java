package io.torsion.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Streams part of a file through a transport's write queue, one {@link #CHUNK_SIZE} piece each
 * time the transport asks: Twisted's {@code FileSender}, a {@link PullProducer}. The queue never
 * holds much more than the high-water mark, however large the file.
 *
 * <p>The file is read with positional reads ({@link FileChannel#read(ByteBuffer, long)}), so its
 * channel's own position does not move, on the reactor thread, as Twisted's does: a file on a
 * local disk reads in microseconds. {@link Transport#sendFile} is the alternative that keeps the
 * file in the outbound queue (zero-copy where the backend can; over TLS read through a buffer), so
 * its unsent bytes count for the water marks; this class keeps the queue short instead.
 */
public final class FileSender implements PullProducer {

    /** Bytes read and written per request, as Twisted's {@code FileSender.CHUNK_SIZE}. */
    public static final int CHUNK_SIZE = 16 * 1024;

    private final FileChannel file;
    private final long count;
    private final long end;
    private long position;
    private final ByteBuffer chunk;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private Transport consumer;

    /** Sends {@code count} bytes of {@code file} from {@code position} once begun. */
    public FileSender(FileChannel file, long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("need position >= 0 and count >= 0, got " + position + ", " + count);
        }
        this.file = file;
        this.position = position;
        this.count = count;
        this.end = Math.addExact(position, count);
        this.chunk = ByteBuffer.allocate((int) Math.min(CHUNK_SIZE, Math.max(1, count)));
    }

    /**
     * Starts sending to {@code transport}; the stage completes with the number of bytes sent once
     * the last piece is written to the transport (queued, not yet necessarily taken by the kernel),
     * and fails when the file ends early or cannot be read (the connection is then aborted: the peer
     * cannot tell where the file stopped) or the connection closes first.
     */
    public CompletionStage<Long> beginFileTransfer(Transport transport) {
        if (consumer != null) {
            throw new IllegalStateException("this sender has already begun");
        }
        consumer = transport;
        if (!transport.isOpen()) {
            done.completeExceptionally(new IOException("the connection is closing; the file was not sent"));
        } else if (position == end) {
            done.complete(0L);
        } else {
            transport.registerPullProducer(this);
        }
        return done;
    }

    @Override
    public void resumeProducing() {
        if (done.isDone()) {
            return;
        }
        try {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int n = file.read(chunk, position);
            if (n < 0) {
                throw new EOFException("the file ended at byte " + position + ", " + (end - position) + " bytes short");
            }
            position += n;
            consumer.write(chunk.flip());
        } catch (IOException | UncheckedIOException e) {
            consumer.unregisterProducer();
            done.completeExceptionally(e);
            consumer.abortConnection();
            return;
        }
        if (position == end) {
            consumer.unregisterProducer();
            done.complete(count);
        }
    }

    @Override
    public void stopProducing() {
        done.completeExceptionally(new IOException("the connection closed before the file was sent"));
    }
}
