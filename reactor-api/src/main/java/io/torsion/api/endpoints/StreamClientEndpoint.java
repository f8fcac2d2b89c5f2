package io.torsion.api.endpoints;

import io.torsion.api.ClientFactory;
import io.torsion.api.Connector;
import io.torsion.api.Reactor;

/**
 * Somewhere a stream client can connect to: a TCP host and port, a Unix socket. Made by
 * {@link Endpoints#clientFromString} or built directly; a value, so one endpoint can be used on
 * several reactors.
 */
public interface StreamClientEndpoint {

    /**
     * Starts connecting on {@code reactor}, as the reactor's own {@code connect} method for this
     * kind of socket does: the outcome reaches {@code factory} later, on the reactor thread.
     */
    Connector connect(Reactor reactor, ClientFactory factory);
}
