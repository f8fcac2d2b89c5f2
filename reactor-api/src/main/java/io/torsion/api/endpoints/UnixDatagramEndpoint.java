package io.torsion.api.endpoints;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import io.torsion.api.Reactor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Unix datagram socket: {@code unixgram:PATH}. {@code address} (positional, required) is the
 * socket file's path, which must not exist when binding.
 *
 * @param path the socket file, as written
 */
public record UnixDatagramEndpoint(String path) implements DatagramEndpoint {

    public UnixDatagramEndpoint {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a Unix datagram endpoint needs a path");
        }
    }

    @Override
    public DatagramTransport listen(Reactor reactor, DatagramProtocol protocol) throws IOException {
        return reactor.listenUnixDatagram(Path.of(path), protocol);
    }

    /** The endpoint string for this endpoint. */
    @Override
    public String toString() {
        return "unixgram:" + EndpointDescription.escape(path);
    }
}
