package io.torsion.api;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Transport#sendFile} for a transport that must see the bytes it sends (TLS encrypts them):
 * each file is read through a buffer by a {@link FileSender}, and what is written or asked (close,
 * half-close, another file) after a file waits here until that file is out, so the peer receives
 * everything in the order it was written. While a file goes out the sender is the transport's
 * producer; the producer registered before it is registered again afterwards.
 *
 * <p>The transport consults it first in each call that must keep its place ({@link #hold},
 * {@link #defer}); held bytes are copies, counted by {@link #heldBytes()}. Reactor thread only.
 */
public final class BufferedFileSends {

    private final Transport target;
    /** What waits behind the file going out: byte copies, deferred calls, files. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private long heldBytes;
    private boolean busy;
    /** True while the sender itself writes: those bytes go through. */
    private boolean senderWriting;

    /** Orders files among the writes to {@code target}, which calls {@link #hold} and {@link #defer}. */
    public BufferedFileSends(Transport target) {
        this.target = target;
    }

    /** One file waiting its turn. */
    private record File(FileChannel channel, long position, long count, PushProducer restore, CompletableFuture<Long> done) {
    }

    /** Sends {@code count} bytes of {@code file} after everything before it; {@code restore}: the producer to register again after. */
    public CompletionStage<Long> send(FileChannel file, long position, long count, PushProducer restore) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("need position >= 0 and count >= 0, got " + position + ", " + count);
        }
        File f = new File(file, position, count, restore, new CompletableFuture<>());
        if (busy) {
            waiting.addLast(f);
        } else {
            start(f);
        }
        return f.done;
    }

    /** True when {@code data} was taken (copied) to go out after the file; false: write it now. */
    public boolean hold(ByteBuffer... data) {
        if (!busy || senderWriting) {
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
    public boolean defer(Runnable call) {
        if (!busy) {
            return false;
        }
        waiting.addLast(call);
        return true;
    }

    /** Bytes held behind a file. */
    public long heldBytes() {
        return heldBytes;
    }

    private void start(File f) {
        busy = true;
        FileSender sender = new FileSender(f.channel(), f.position(), f.count());
        PullProducer asked = new PullProducer() {
            @Override
            public void resumeProducing() {
                senderWriting = true;
                try {
                    sender.resumeProducing();
                } finally {
                    senderWriting = false;
                }
            }

            @Override
            public void stopProducing() {
                sender.stopProducing();
            }
        };
        sender.begin(target, asked).whenComplete((n, failure) -> {
            busy = false;
            if (failure != null) {
                failAll(failure);
                f.done().completeExceptionally(failure);
                return;
            }
            if (f.restore() != null) {
                target.registerProducer(f.restore());
            }
            f.done().complete(n);
            drain();
        });
    }

    /** Lets out what waited, in order, until the next file. */
    private void drain() {
        while (!busy && !waiting.isEmpty()) {
            Object next = waiting.pollFirst();
            if (next instanceof ByteBuffer b) {
                heldBytes -= b.remaining();
                target.write(b);
            } else if (next instanceof Runnable call) {
                call.run();
            } else {
                start((File) next);
            }
        }
    }

    private void failAll(Throwable failure) {
        Object next;
        while ((next = waiting.pollFirst()) != null) {
            if (next instanceof File f) {
                f.done().completeExceptionally(failure);
            }
        }
        heldBytes = 0;
    }
}
