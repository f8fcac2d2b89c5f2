package io.torsion.spi;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A backend's datagram socket as the shared {@link DatagramPort} uses it: the raw calls; readiness
 * comes through the {@link Registrar} that {@link #register} returns, as for every handle. Reactor
 * thread only.
 *
 * <p><b>Receiving</b> works in batches so that a backend with {@code recvmmsg} can fill many at once:
 * {@link #receive} takes up to {@code max} datagrams, and datagram {@code i} of that batch is read
 * with {@link #data}, {@link #sender} and {@link #truncated} until the next call. A backend that
 * reads one at a time has a {@link #batchCapacity()} of 1.
 *
 * <p><b>Errors.</b> ECONNREFUSED on a connected socket is thrown as
 * {@link java.net.PortUnreachableException} (the JDK's word for it); a datagram the socket cannot
 * send for its size as {@link DatagramTooLargeException}; a destination of the wrong kind as
 * {@link IllegalArgumentException}.
 */
public interface DatagramHandle extends Handle {

    /** The most datagrams one {@link #receive} can return. */
    int batchCapacity();

    /** Receives up to {@code max} datagrams (at most {@link #batchCapacity()}); 0 when none are waiting. */
    int receive(int max) throws IOException;

    /** Datagram {@code i} of the last batch, position 0 to its length; valid until the next receive. */
    ByteBuffer data(int i);

    /** Who sent datagram {@code i} of the last batch. */
    SocketAddress sender(int i);

    /** True when datagram {@code i} was longer than the receive buffer and its tail was cut off. */
    boolean truncated(int i);

    /**
     * Sends {@code data}'s remaining bytes as one datagram to {@code to} (null: the connected peer),
     * advancing its position. False, with nothing consumed, when the kernel's buffer is full.
     */
    boolean send(ByteBuffer data, SocketAddress to) throws IOException;

    /**
     * Sends the first {@code count} datagrams, in order, stopping at the first the kernel cannot
     * take; returns how many it took. A failure of the first throws; a backend that sends in one call
     * ({@code sendmmsg}) may instead return the count before a failing one, which is then retried
     * alone. One send at a time by default.
     */
    default int send(ByteBuffer[] data, SocketAddress[] to, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (!send(data[i], to[i])) {
                return i;
            }
        }
        return count;
    }

    /**
     * Datagrams one staged batch may hold: written while the port delivers a received batch, they
     * leave together in one call ({@code sendmmsg}) when the batch is done. 1 (the default): the
     * backend sends each at once.
     */
    default int sendBatchCapacity() {
        return 1;
    }

    /**
     * Copies {@code data}'s remaining bytes, to {@code to} (null: the connected peer), into slot
     * {@code i} of the staged batch, without moving its position. False when they do not fit what
     * the batch has left (then nothing was staged).
     */
    default boolean stage(int i, ByteBuffer data, SocketAddress to) {
        return false;
    }

    /**
     * Sends staged slots {@code from} to {@code count - 1}, in order, in one call; returns how many
     * the kernel took (0: its buffer is full). A failure of slot {@code from} itself throws, as
     * {@link #send(ByteBuffer, SocketAddress)} does.
     */
    default int sendStaged(int from, int count) throws IOException {
        throw new UnsupportedOperationException("this backend stages nothing");
    }

    /** The bytes of staged slot {@code i}, for queueing what the kernel did not take; valid until the next stage. */
    default ByteBuffer staged(int i) {
        throw new UnsupportedOperationException("this backend stages nothing");
    }

    /** Connects the socket to {@code peer}. */
    void connect(SocketAddress peer) throws IOException;

    /** The bound address. */
    SocketAddress localAddress() throws IOException;
}
