package io.torsion.api.endpoints;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import java.io.IOException;

/**
 * Somewhere a stream server can listen: a TCP port, a Unix socket. Made by
 * {@link Endpoints#serverFromString} or built directly; a value, so one endpoint can be used on
 * several reactors.
 */
public interface StreamServerEndpoint {

    /**
     * Starts listening on {@code reactor} with {@code factory}, as the reactor's own {@code listen}
     * method for this kind of socket does, and under the same threading rules (on the reactor
     * thread, or before it runs). A host name is resolved here, not when the string was parsed.
     */
    ListeningPort listen(Reactor reactor, Factory factory) throws IOException;
}
