package io.torsion.api;

import java.nio.ByteBuffer;

/**
 * What to do with one connection: the code a user writes.
 *
 * <p>Call order, guaranteed by every reactor: {@link #makeConnection} once, which (in
 * {@link BaseProtocol}) calls {@link #connectionMade} once; then {@link #dataReceived} any number
 * of times; then {@link #connectionLost} exactly once. Every call happens on the reactor thread,
 * so a protocol needs no locking for its own state.
 *
 * <p>An exception thrown from any of these methods is logged with the peer address and closes this
 * connection only (its {@code connectionLost} reason is a {@link ConnectionLost} carrying the
 * exception); the reactor and every other connection keep going.
 */
public interface Protocol {

    /**
     * Hands the protocol its transport. Called once, before anything else. {@link BaseProtocol}
     * stores the transport and calls {@link #connectionMade()}.
     */
    void makeConnection(Transport transport);

    /** The connection is up; the protocol may write. Called once, from {@link #makeConnection}. */
    void connectionMade();

    /**
     * Bytes arrived, from {@code data.position()} to {@code data.limit()}.
     *
     * <p><b>The buffer is only valid during this call.</b> The reactor reuses it for the next read
     * on any connection; a protocol that keeps bytes must copy them. The protocol may move the
     * buffer's position and limit freely.
     */
    void dataReceived(ByteBuffer data);

    /**
     * The connection is closed. Called exactly once, after {@link #connectionMade}, whatever closed
     * it. {@link ConnectionDone} means a clean close; the other {@link ConnectionClosed} kinds tell
     * what went wrong.
     */
    void connectionLost(ConnectionClosed reason);
}
