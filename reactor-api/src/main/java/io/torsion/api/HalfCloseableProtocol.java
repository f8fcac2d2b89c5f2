package io.torsion.api;

/**
 * A protocol that wants to know when each direction of the connection closes, rather than having
 * the connection closed when the peer stops sending.
 *
 * <p>Without this interface, a peer's end of stream (the peer called {@code shutdownOutput}) closes
 * the connection, after flushing everything the protocol had already written. With it, the reactor
 * calls {@link #readConnectionLost()} instead and keeps the connection open for writing until the
 * protocol calls {@link Transport#loseConnection()}.
 */
public interface HalfCloseableProtocol extends Protocol {

    /** The peer will send nothing more. Called at most once, on the reactor thread. */
    void readConnectionLost();

    /**
     * Our side's output was shut down by {@link Transport#loseWriteConnection()} and everything
     * queued before it reached the kernel. Called at most once.
     */
    default void writeConnectionLost() {
    }
}
