package io.torsion.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's reading half: the reads for one readiness report, and pausing (what is read while
 * paused goes to {@link PausedReads}, made on the first pause). Bytes go to the protocol through
 * {@link StreamConnection#deliver}; the end of stream and failures go to the connection, which
 * decides what they mean.
 */
final class Inbound {

    private final StreamConnection connection;
    private final StreamHandle handle;
    private PausedReads paused;

    Inbound(StreamConnection connection, StreamHandle handle) {
        this.connection = connection;
        this.handle = handle;
    }

    /** Reads up to {@code budget} times into the loop's buffer; true when more may be ready. */
    boolean read(int budget) {
        ByteBuffer buffer = connection.loop.readBuffer();
        for (int i = 0; i < budget; i++) {
            if (!connection.delivers()) {
                return false; // after loseConnection nothing more is delivered, as in Twisted
            }
            if (paused != null && paused.holdsReads()) {
                paused.readWhilePaused(handle, buffer); // (resumed: the held bytes go first)
                return false;
            }
            int n;
            try {
                n = handle.read(buffer.clear());
            } catch (IOException e) {
                connection.connectionFailed(e);
                return false;
            }
            if (n <= 0) {
                if (n < 0) {
                    connection.endOfStream();
                }
                return false;
            }
            connection.readSome(buffer.flip());
            if (n < buffer.capacity()) {
                return false; // a short read emptied the kernel's queue; new bytes raise a new edge
            }
        }
        return true;
    }

    /** Pauses; true when that changed anything (the connection then updates its interest). */
    boolean pause() {
        if (paused == null) {
            paused = new PausedReads(connection);
        }
        return paused.pause();
    }

    /** Resumes: what was held is delivered on the next turn, then reading goes on. */
    void resume() {
        if (paused != null && paused.resume()) {
            // Deferred, so that a protocol resuming another connection is not re-entered from its own call.
            connection.loop.runSoon(paused);
        }
    }

    boolean isPaused() {
        return paused != null && paused.isPaused();
    }

    /** True while reading may go on (not paused with a full side buffer, no end of stream held). */
    boolean wantsMore() {
        return paused == null || paused.wantsMore();
    }

    /** Forgets what was held (the connection closed). */
    void clear() {
        if (paused != null) {
            paused.clear();
        }
    }
}
