package io.torsion.spi;

import io.torsion.api.Transport;

/**
 * What a stream is to the protocol: the {@link Transport} interface it is presented through
 * ({@link io.torsion.api.TcpTransport} for TCP, {@link io.torsion.api.UnixTransport} for a Unix
 * domain socket, plain {@link Transport} for a pipe). The kinds are in {@link StreamKinds}; a new
 * kind is a new face class there, and {@link StreamConnection} does not change.
 */
public interface StreamKind {

    /** The face the protocol gets for {@code connection}; made once per connection. */
    Transport transportFor(StreamConnection connection);
}
