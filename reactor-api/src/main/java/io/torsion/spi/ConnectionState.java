package io.torsion.spi;

/**
 * Where a stream connection is in its life. Pausing is not a state of its own: it only says
 * whether the protocol wants bytes now, in any state that reads.
 *
 * <pre>
 * CONNECTING ─▶ OPEN ─┬─ peer's end of stream, half-closeable protocol ─▶ READ_CLOSED ─┐
 *                     ├─ loseWriteConnection ─▶ WRITE_CLOSING ─ flushed ─▶ WRITE_CLOSED ─┤
 *                     └─ loseConnection, or the peer's end of stream ─────────▶ CLOSING ─┴─▶ CLOSED
 * </pre>
 *
 * Any state may go straight to CLOSED (abort, reset, a protocol that threw).
 */
enum ConnectionState {
    /** A non-blocking connect is under way; no protocol yet. */
    CONNECTING(false, false),
    /** Both directions open. */
    OPEN(true, true),
    /** The peer sent end of stream and the protocol asked to hear it: we may still write. */
    READ_CLOSED(false, true),
    /** We asked to shut down our side; what is queued is going out first. Reading goes on. */
    WRITE_CLOSING(true, false),
    /** Our side is shut down (the peer read end of stream). Reading goes on. */
    WRITE_CLOSED(true, false),
    /** Flushing what is queued, then closing; nothing more is read or accepted for writing. */
    CLOSING(false, false),
    /** The handle is closed; {@code connectionLost} is on its way or done. */
    CLOSED(false, false);

    /** True when bytes read are delivered to the protocol. */
    final boolean reads;
    /** True when the protocol's writes are accepted. */
    final boolean writes;

    ConnectionState(boolean reads, boolean writes) {
        this.reads = reads;
        this.writes = writes;
    }

    /** What {@link io.torsion.api.Transport#isOpen()} says: some direction still open. */
    boolean isOpen() {
        return reads || writes;
    }

    /** After {@code loseConnection}: flush, then close (a connect under way just ends). */
    ConnectionState loseConnection() {
        return switch (this) {
            case CONNECTING -> CLOSED;
            case CLOSING, CLOSED -> this;
            default -> CLOSING;
        };
    }

    /** After {@code loseWriteConnection}: flush, then shut our side; with the peer's side done, close. */
    ConnectionState loseWriteConnection() {
        return switch (this) {
            case OPEN -> WRITE_CLOSING;
            case READ_CLOSED -> CLOSING;
            default -> this;
        };
    }

    /**
     * After the peer's end of stream. A half-closeable protocol keeps writing; any other has what it
     * already wrote flushed before the close (Twisted drops it).
     */
    ConnectionState peerEnded(boolean halfCloseable) {
        return switch (this) {
            case OPEN -> halfCloseable ? READ_CLOSED : CLOSING;
            case WRITE_CLOSING -> CLOSING;
            case WRITE_CLOSED -> CLOSED;
            default -> this;
        };
    }

    /** True when an empty send queue moves this state on: CLOSING closes, WRITE_CLOSING shuts our side. */
    boolean waitsForFlush() {
        return this == CLOSING || this == WRITE_CLOSING;
    }
}
