package io.torsion.spi;

import java.nio.ByteBuffer;

/**
 * What a paused connection read anyway: at most {@link #LIMIT} bytes and whether the stream ended.
 * Reading on while paused lets a paused connection notice a reset; the limit bounds the memory.
 * On resume the held bytes go first, then the end of stream, then reading goes on.
 */
final class PausedReads {

    /** Bytes read while paused before reading stops; enough to notice a reset, small enough to bound memory. */
    static final int LIMIT = 16 * 1024;

    /** The connection's resume step, made once: resuming allocates nothing. */
    final Runnable resume;
    private ByteBuffer held;
    private boolean endSeen;

    PausedReads(Runnable resume) {
        this.resume = resume;
    }

    /** True while reading may go on: the stream has not ended and, when paused, there is room. */
    boolean wantsMore(boolean paused) {
        return !endSeen && (!paused || held == null || held.hasRemaining());
    }

    /** True when something read while paused still waits to be delivered. */
    boolean isPending() {
        return endSeen || held != null && held.position() > 0;
    }

    /** Narrows {@code readBuffer} (cleared) to what may still be held; false when the limit is reached. */
    boolean limit(ByteBuffer readBuffer) {
        if (held == null) {
            held = ByteBuffer.allocate(LIMIT);
        }
        if (!held.hasRemaining()) {
            return false;
        }
        readBuffer.clear().limit(Math.min(readBuffer.capacity(), held.remaining()));
        return true;
    }

    /** Keeps the bytes just read into {@code readBuffer} (in read mode). */
    void keep(ByteBuffer readBuffer) {
        held.put(readBuffer);
    }

    void endOfStream() {
        endSeen = true;
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

    void clear() {
        held = null;
        endSeen = false;
    }
}
