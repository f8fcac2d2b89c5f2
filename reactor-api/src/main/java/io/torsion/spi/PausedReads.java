package io.torsion.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whether a connection is paused, and what it read anyway: at most {@link #LIMIT} bytes and whether
 * the stream ended. Reading on while paused lets a paused connection notice a reset; the limit
 * bounds the memory. On resume the held bytes go first, then the end of stream, then reading goes on.
 */
final class PausedReads {

    /** Bytes read while paused before reading stops; enough to notice a reset, small enough to bound memory. */
    static final int LIMIT = 16 * 1024;

    /** The connection's resume step, made once: resuming allocates nothing. */
    final Runnable resume;
    private boolean paused;
    private ByteBuffer held;
    private boolean endSeen;

    PausedReads(Runnable resume) {
        this.resume = resume;
    }

    /** Pauses; false when already paused. */
    boolean pause() {
        boolean was = paused;
        paused = true;
        return !was;
    }

    /** Resumes; false when not paused. The caller then runs {@link #resume} soon. */
    boolean resume() {
        boolean was = paused;
        paused = false;
        return was;
    }

    boolean isPaused() {
        return paused;
    }

    /** True while reading may go on: the stream has not ended and, when paused, there is room. */
    boolean wantsMore() {
        return !endSeen && (!paused || held == null || held.hasRemaining());
    }

    /**
     * True when reads go here rather than to the protocol: while paused, and after a resume until
     * what was held is delivered (it goes first).
     */
    boolean holdsReads() {
        return paused || endSeen || held != null && held.position() > 0;
    }

    /**
     * Reads from {@code handle} through {@code readBuffer} into the side buffer, as much as fits;
     * nothing once the limit is reached.
     */
    void readFrom(StreamHandle handle, ByteBuffer readBuffer) throws IOException {
        if (held == null) {
            held = ByteBuffer.allocate(LIMIT);
        }
        if (!held.hasRemaining() || endSeen) {
            return;
        }
        readBuffer.clear().limit(Math.min(readBuffer.capacity(), held.remaining()));
        int n = handle.read(readBuffer);
        if (n < 0) {
            endSeen = true;
        } else if (n > 0) {
            held.put(readBuffer.flip());
        }
    }

    /** The held bytes, ready to deliver, or null; forgets them. */
    ByteBuffer takeHeld() {
        ByteBuffer data = held;
        held = null;
        return data != null && data.position() > 0 ? data.flip() : null;
    }

    /** True, once, when the stream ended while paused. */
    boolean takeEnd() {
        boolean end = endSeen;
        endSeen = false;
        return end;
    }

    /** Forgets what was held (the connection closed); the pause itself stays as it was. */
    void clear() {
        held = null;
        endSeen = false;
    }
}
