package io.torsion.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whether a connection is paused, and what it read anyway: at most {@link #LIMIT} bytes and whether
 * the stream ended. Reading on while paused lets a paused connection notice a reset; the limit
 * bounds the memory. On resume the held bytes go first, then the end of stream, then reading goes on.
 */
final class PausedReads implements Runnable {

    /** Bytes read while paused before reading stops; enough to notice a reset, small enough to bound memory. */
    static final int LIMIT = 16 * 1024;

    private final StreamConnection connection;
    private boolean paused;
    private ByteBuffer held;
    private boolean endSeen;

    PausedReads(StreamConnection connection) {
        this.connection = connection;
    }

    /** Pauses; false when already paused. */
    boolean pause() {
        boolean was = paused;
        paused = true;
        return !was;
    }

    /** Resumes; false when not paused. The caller then runs this object soon ({@link #run}). */
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
     * The resume step, on the loop turn after {@code resumeProducing} (so a protocol resuming
     * another connection is not re-entered): the held bytes, then the end of stream, then reading.
     * Made once per connection, so resuming allocates nothing.
     */
    @Override
    public void run() {
        if (paused || !connection.delivers()) {
            return;
        }
        ByteBuffer data = takeHeld();
        if (data != null) {
            connection.deliver(data);
            if (paused || !connection.delivers()) {
                connection.updateInterest();
                return;
            }
        }
        if (takeEnd()) {
            connection.endOfStream();
        } else {
            connection.readOnAfterResume();
        }
    }

    /** Readable while paused (or resumed with bytes held): reads into the side buffer, as much as fits. */
    void readWhilePaused(StreamHandle handle, ByteBuffer readBuffer) {
        try {
            readFrom(handle, readBuffer);
        } catch (IOException e) {
            connection.connectionFailed(e);
            return;
        }
        connection.updateInterest();
    }

    private void readFrom(StreamHandle handle, ByteBuffer readBuffer) throws IOException {
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
    private ByteBuffer takeHeld() {
        ByteBuffer data = held;
        held = null;
        return data != null && data.position() > 0 ? data.flip() : null;
    }

    /** True, once, when the stream ended while paused. */
    private boolean takeEnd() {
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
