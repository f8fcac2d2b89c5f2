package io.torsion.api.endpoints;

import io.torsion.api.ClientFactory;
import io.torsion.api.Connector;
import io.torsion.api.Reactor;
import java.time.Duration;

/**
 * A Unix domain socket to connect to: {@code unix:path=PATH[:timeout=SECONDS]}, or
 * {@code unix:PATH}.
 *
 * <ul>
 *   <li>{@code path} (required): a file path, or {@code @name} for a Linux abstract name; at most
 *       107 bytes. A path nobody listens on is {@code ConnectionRefused}; a missing one, or one we
 *       may not open, an {@code IOException} saying so.
 *   <li>{@code timeout}: seconds, fractions allowed; default 30.
 * </ul>
 *
 * @param path the path, or {@code @name}
 * @param timeout how long an attempt may take
 */
public record UnixClientEndpoint(String path, Duration timeout) implements StreamClientEndpoint {

    public UnixClientEndpoint {
        EndpointValues.unixPath(path);
        EndpointValues.checkTimeout(timeout);
    }

    @Override
    public Connector connect(Reactor reactor, ClientFactory factory) {
        return reactor.connectUnix(path, factory, timeout);
    }

    /** The endpoint string for this endpoint, every key given. */
    @Override
    public String toString() {
        return "unix:path=" + EndpointDescription.escape(path) + ":timeout=" + EndpointValues.formatSeconds(timeout);
    }
}
