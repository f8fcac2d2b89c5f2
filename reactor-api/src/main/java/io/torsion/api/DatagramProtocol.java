package io.torsion.api;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * What to do with the datagrams of one port, like Twisted's {@code DatagramProtocol}. There is no
 * connection: one protocol serves every sender of its port.
 *
 * <p><b>Order.</b> {@link #startProtocol()} runs once, when the port is bound (from inside
 * {@code listenUdp} and friends, with {@link #transport} set); {@link #stopProtocol()} runs once,
 * after the port stopped (from {@link DatagramTransport#stopListening()} or reactor stop). Between
 * them come {@link #datagramReceived} and the other hooks, all on the reactor thread.
 *
 * <p><b>Buffers.</b> The buffer handed to {@link #datagramReceived} holds exactly one whole
 * datagram (possibly empty) and is valid during the call only: the reactor reuses it. A protocol
 * that keeps bytes copies them.
 *
 * <p><b>Exceptions.</b> An exception thrown by any hook is logged with the sender's address and the
 * port goes on serving the next datagram; there is no connection to close.
 */
public abstract class DatagramProtocol {

    /** The port's transport; set before {@link #startProtocol()} runs. */
    protected DatagramTransport transport;

    /** Called by the reactor when the port is bound: records the transport, then starts. */
    public void makeConnection(DatagramTransport transport) {
        this.transport = transport;
        startProtocol();
    }

    /** The port is bound and reading; called once. */
    public void startProtocol() {
    }

    /** The port stopped; called once, after the socket closed. Nothing is delivered after it. */
    public void stopProtocol() {
    }

    /** One whole datagram from {@code from}; see the class comment for the buffer's lifetime. */
    public abstract void datagramReceived(ByteBuffer data, SocketAddress from);

    /**
     * On a connected port, the kernel reported that the peer's port is closed (an ICMP port
     * unreachable, surfacing as ECONNREFUSED on a later send or receive). The port stays open.
     */
    public void connectionRefused() {
    }

    /**
     * A datagram from {@code from} was longer than the port's {@code maxPacketSize} and was dropped,
     * not delivered in part. It is also counted in {@link DatagramTransport#truncatedDatagrams()}.
     */
    public void datagramTruncated(SocketAddress from) {
    }

    /**
     * A datagram of {@code length} bytes to {@code to} was dropped because the kernel's send buffer
     * was full and so was the port's bounded send queue. Called from inside the {@code write} that
     * dropped it; also counted in {@link DatagramTransport#droppedDatagrams()}.
     */
    public void datagramDropped(SocketAddress to, int length) {
    }
}
