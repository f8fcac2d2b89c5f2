package io.torsion.api;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram port as its {@link DatagramProtocol} sees it: send datagrams, connect to one peer,
 * stop. Made by {@link Reactor#listenUdp}, {@link Reactor#listenMulticast} and
 * {@link Reactor#listenUnixDatagram}.
 *
 * <p><b>Threading.</b> Call these methods on the reactor thread only.
 *
 * <p><b>Sending never blocks and never grows without bound.</b> {@code write} tries the socket at
 * once. When the kernel's send buffer is full, the datagram is copied into a bounded send queue
 * ({@link #DEFAULT_SEND_QUEUE_LIMIT} by default; each queued datagram is charged its length plus
 * {@link #QUEUED_DATAGRAM_OVERHEAD}, so a flood of empty datagrams is bounded too) and sent when the
 * socket is writable again, in order. A datagram that does not fit the queue is dropped, counted in
 * {@link #droppedDatagrams()} and reported to {@link DatagramProtocol#datagramDropped}. (Twisted
 * raises on EAGAIN instead; UDP is lossy by contract, so a drop that is counted is the honest answer,
 * and a protocol that must know asks to be told.)
 *
 * <p><b>Bad input.</b> A datagram larger than the socket can send (EMSGSIZE) makes {@code write}
 * throw {@link IllegalArgumentException}; an unresolved or wrong-family address likewise. Other send
 * errors on an unconnected port are logged with the address and the port keeps serving; on a
 * connected port ECONNREFUSED reaches {@link DatagramProtocol#connectionRefused()}.
 */
public interface DatagramTransport {

    /** The send queue's default limit, in bytes. */
    int DEFAULT_SEND_QUEUE_LIMIT = 256 * 1024;

    /** What each queued datagram costs against the limit besides its bytes. */
    int QUEUED_DATAGRAM_OVERHEAD = 64;

    /** Sends {@code data}'s remaining bytes as one datagram to {@code to}, advancing its position. */
    void write(ByteBuffer data, SocketAddress to);

    /** Sends {@code data} as one datagram to {@code to}. */
    default void write(byte[] data, SocketAddress to) {
        write(ByteBuffer.wrap(data), to);
    }

    /** Sends {@code data}'s remaining bytes to the connected peer; throws IllegalStateException when not connected. */
    void write(ByteBuffer data);

    /** Sends {@code data} to the connected peer. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /**
     * Connects the port to {@code peer}: from now on only its datagrams are received, {@link #write(ByteBuffer)}
     * sends to it, and a closed port there reaches {@link DatagramProtocol#connectionRefused()}.
     * May be called again to connect elsewhere.
     */
    void connect(SocketAddress peer) throws IOException;

    /** The connected peer, or null when not connected. */
    SocketAddress getPeer();

    /** The bound local address (the real port when 0 was asked for). */
    SocketAddress getHost();

    /**
     * Closes the socket now, dropping what is queued; {@link DatagramProtocol#stopProtocol()} follows
     * (deferred to the next loop turn, never from inside this call). The address can be bound again
     * as soon as this returns. Idempotent.
     */
    void stopListening();

    /** True until {@link #stopListening()} or reactor stop. */
    boolean isListening();

    /** Datagrams dropped because the send queue was full. */
    long droppedDatagrams();

    /** Datagrams received longer than {@code maxPacketSize}, dropped and reported instead of delivered. */
    long truncatedDatagrams();

    /** Bytes waiting in the send queue now (overhead included). */
    int queuedBytes();

    /** Changes the send queue's limit, in bytes (0: never queue, drop at once when the kernel is full). */
    void setSendQueueLimit(int bytes);

    /** The largest datagram delivered whole; longer ones are reported as truncated. */
    int maxPacketSize();
}
