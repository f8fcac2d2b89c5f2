package io.torsion.api.tls;

import io.torsion.api.DelayedCall;
import io.torsion.api.FileSender;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The files {@code sendFile} queued on a TLS connection, which must be read through a buffer to be
 * encrypted, and what was written (or asked: a close, a half-close) after them. It keeps the plain
 * path's contract ({@code Outbound} and its {@code FileRegion}s): the file is part of the outbound
 * queue, not a producer, so the bytes not yet read count in {@link #queuedBytes()} and the
 * application's producer pauses and resumes by the water marks; what came after a file goes out
 * after it; a close first fails the stage with the connection's reason.
 *
 * <p>A piece is read when the layer has room below ({@link TlsTransport#hasRoomForFile()}), at most
 * {@link #PIECES_PER_TURN} a loop turn, on a later turn than the call that made room. Reactor
 * thread only.
 */
final class FileQueue {

    /** Pieces read and encrypted per loop turn at most, so other connections get the loop between. */
    static final int PIECES_PER_TURN = 4;

    private final TlsTransport layer;
    /** What waits behind the file going out: byte copies, deferred calls, files. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final ByteBuffer piece = ByteBuffer.allocate(FileSender.CHUNK_SIZE);
    private File current;
    private long heldBytes;
    /** File bytes not yet read: the rest of the current file and all of those waiting. */
    private long unreadBytes;
    /** True while a piece of the file is written: those bytes go through. */
    private boolean writingPiece;
    private DelayedCall next;

    FileQueue(TlsTransport layer) {
        this.layer = layer;
    }

    /** One file: where it is read next, and how much is left. */
    private static final class File {
        final FileChannel channel;
        final long count;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        long position;
        long remaining;

        File(FileChannel channel, long position, long count) {
            this.channel = channel;
            this.position = position;
            this.count = count;
            this.remaining = count;
        }
    }

    /** Sends {@code count} bytes of {@code file} after everything before it; the stage as {@code sendFile}'s. */
    CompletionStage<Long> send(FileChannel file, long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("need position >= 0 and count >= 0, got " + position + ", " + count);
        }
        File f = new File(file, position, count);
        if (count == 0) {
            f.done.complete(0L);
            return f.done;
        }
        unreadBytes += count;
        if (current == null) {
            current = f;
            resume();
        } else {
            waiting.addLast(f);
        }
        return f.done;
    }

    /** True when {@code data} was taken (copied) to go out after the file; false: write it now. */
    boolean hold(ByteBuffer... data) {
        if (current == null || writingPiece) {
            return false;
        }
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                heldBytes += b.remaining();
                waiting.addLast(ByteBuffer.allocate(b.remaining()).put(b).flip());
            }
        }
        return true;
    }

    /** True when {@code call} (a close, a half-close) was put off until after the file; false: do it now. */
    boolean defer(Runnable call) {
        if (current == null) {
            return false;
        }
        waiting.addLast(call);
        return true;
    }

    /** Bytes written but not yet handed to the layer: file bytes not read, and copies held behind a file. */
    long queuedBytes() {
        return unreadBytes + heldBytes;
    }

    /** The layer may have room now: reading goes on, on a later turn. */
    void resume() {
        if (current != null && next == null) {
            next = layer.scheduler().callLater(Duration.ZERO, this::readPieces);
        }
    }

    /** The connection is ending: every file not sent fails with {@code reason}; what was held is dropped. */
    void fail(Throwable reason) {
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (current != null) {
            current.done.completeExceptionally(reason);
            current = null;
        }
        for (Object w; (w = waiting.pollFirst()) != null; ) {
            if (w instanceof File f) {
                f.done.completeExceptionally(reason);
            }
        }
        heldBytes = 0;
        unreadBytes = 0;
    }

    private void readPieces() {
        next = null;
        for (int i = 0; i < PIECES_PER_TURN && current != null && layer.hasRoomForFile(); i++) {
            try {
                readPiece(current);
            } catch (IOException e) {
                layer.fileFailed(e); // which fails the stages through fail()
                return;
            }
        }
        if (current != null && layer.hasRoomForFile()) {
            resume();
        }
    }

    private void readPiece(File f) throws IOException {
        piece.clear().limit((int) Math.min(piece.capacity(), f.remaining));
        int n = f.channel.read(piece, f.position);
        if (n < 0) {
            throw new EOFException("the file ended at byte " + f.position + ", " + f.remaining + " bytes short of sendFile's count");
        }
        f.position += n;
        f.remaining -= n;
        unreadBytes -= n;
        writingPiece = true;
        try {
            layer.write(piece.flip());
        } finally {
            writingPiece = false;
        }
        if (f.remaining == 0 && current == f) {
            current = null;
            drain(); // what was written after the file goes before what the stage's callbacks write
            f.done.complete(f.count);
        }
    }

    /** Lets out what waited, in order, until the next file. */
    private void drain() {
        while (current == null && !waiting.isEmpty()) {
            Object w = waiting.pollFirst();
            if (w instanceof ByteBuffer b) {
                heldBytes -= b.remaining();
                layer.write(b);
            } else if (w instanceof Runnable call) {
                call.run();
            } else {
                current = (File) w;
                resume();
            }
        }
    }
}
