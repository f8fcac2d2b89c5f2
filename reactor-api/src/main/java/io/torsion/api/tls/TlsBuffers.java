package io.torsion.api.tls;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The direct buffers TLS needs, one set per reactor thread (every call into the layer happens on
 * its connection's reactor thread): one buffer the engine decrypts into and one it encrypts into,
 * both reused for every record of every connection, and a small pool of buffers that hold a
 * record split across two reads. So a connection in steady state allocates nothing per record.
 */
final class TlsBuffers {

    /** Held buffers kept for reuse per thread: one per connection that has a split record at once is plenty. */
    private static final int MAX_IDLE = 64;

    private static final ThreadLocal<TlsBuffers> PER_THREAD = ThreadLocal.withInitial(TlsBuffers::new);

    private ByteBuffer plaintext = ByteBuffer.allocateDirect(0);
    /** The plaintext buffer as the one-element array the engine's unwrap takes, so no call makes one. */
    private final ByteBuffer[] plaintextTarget = {plaintext};
    private ByteBuffer ciphertext = ByteBuffer.allocateDirect(0);
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private int heldSize;

    private TlsBuffers() {
    }

    static TlsBuffers forThisThread() {
        return PER_THREAD.get();
    }

    /** The shared buffer to decrypt into, cleared, at least {@code size} bytes. Valid until the next call. */
    ByteBuffer plaintext(int size) {
        if (plaintext.capacity() < size) {
            plaintext = ByteBuffer.allocateDirect(size);
        }
        return plaintext.clear();
    }

    /**
     * {@link #plaintext} as a one-element array, for {@code SSLEngine.unwrap(src, dsts, 0, 1)}:
     * {@code unwrap(src, dst)} would make that array on every call.
     */
    ByteBuffer[] plaintextTarget(int size) {
        plaintextTarget[0] = plaintext(size);
        return plaintextTarget;
    }

    /** The shared buffer to encrypt into, cleared, at least {@code size} bytes. Valid until the next call. */
    ByteBuffer ciphertext(int size) {
        if (ciphertext.capacity() < size) {
            ciphertext = ByteBuffer.allocateDirect(size);
        }
        return ciphertext.clear();
    }

    /** A cleared buffer of at least {@code size} bytes for ciphertext kept between reads. */
    ByteBuffer takeHeld(int size) {
        if (size > heldSize) {
            idle.clear();
            heldSize = size;
        }
        ByteBuffer b = idle.pollFirst();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(heldSize);
    }

    /** Returns a buffer from {@link #takeHeld}; larger one-off buffers are left to the collector. */
    void giveHeld(ByteBuffer b) {
        if (b.isDirect() && b.capacity() == heldSize && idle.size() < MAX_IDLE) {
            idle.addFirst(b);
        }
    }
}
