package io.torsion.api.endpoints;

import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
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

    /**
     * Starts listening on every loop of {@code group}, as the group's own {@code listen} method for
     * this kind of socket does and under its threading rules (before it runs, or from a thread that
     * is not one of its loops).
     *
     * @param group the group
     * @param factory the factory, shared or per loop
     * @return the port, which stops listening on every loop at once
     * @throws IOException as {@link #listen(Reactor, Factory)} does
     * @throws UnsupportedOperationException by default, for a group of more than one loop: an
     *     endpoint of its own kind says how it spreads over loops
     */
    default ListeningPort listen(ReactorGroup group, GroupFactory factory) throws IOException {
        if (group.size() == 1) {
            Reactor only = group.loops().get(0);
            return listen(only, factory.forLoop(only));
        }
        throw new UnsupportedOperationException(this + " cannot listen on a group of " + group.size() + " loops");
    }
}
