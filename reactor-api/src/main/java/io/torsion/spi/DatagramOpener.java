package io.torsion.spi;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * How one backend opens one kind of datagram socket, for addresses of type {@code A}. A backend
 * supports UDP with one of these and one {@link EventLoop#supportUdp} line, Unix datagrams with
 * {@link EventLoop#supportUnixDatagram}.
 */
public interface DatagramOpener<A extends SocketAddress, H extends DatagramHandle> {

    /**
     * Opens a non-blocking datagram socket and binds it to {@code address}, SO_REUSEADDR first when
     * {@code reuseAddress}; it receives into buffers of {@code maxPacketSize} bytes per datagram and
     * reports longer ones as truncated. Address in use is a {@link java.net.BindException}.
     */
    H open(A address, boolean reuseAddress, int maxPacketSize) throws IOException;
}
