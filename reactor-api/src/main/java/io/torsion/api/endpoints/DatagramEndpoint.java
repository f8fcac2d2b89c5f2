package io.torsion.api.endpoints;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import io.torsion.api.Reactor;
import java.io.IOException;

/**
 * Where a datagram port binds, as {@link Endpoints#datagramFromString} reads it: {@code udp:} or
 * {@code unixgram:}. Call {@link #listen} on the reactor thread (or before the reactor runs).
 */
public interface DatagramEndpoint {

    /** Binds the port and starts {@code protocol} on it, as {@code listenUdp} and friends do. */
    DatagramTransport listen(Reactor reactor, DatagramProtocol protocol) throws IOException;
}
