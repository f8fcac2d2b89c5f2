package io.torsion.tck;

import io.torsion.api.ListenStrategy;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import io.torsion.api.Reactors;

/**
 * The kit on a group of two loops of one backend, listening with one strategy: a representative
 * subset of the stream topics (echo, close, half-close, callback exceptions, errors, load, the line
 * receiver over the wire), whose tests reach a server connection on its own loop, and
 * {@link GroupTopics}, what only a group shows. The rest of the kit (flow control, idle timeouts,
 * clients, reconnecting, shutdown triggers, TLS, one-port factory counting) runs on every backend's
 * single reactor; running it again per strategy would add minutes for nothing a group changes: a
 * connection, its timers and its flow control live on one loop either way. A backend runs it once per
 * strategy and socket kind it supports:
 *
 * <pre>{@code
 * @Nested
 * class ReusePort extends GroupConformance {
 *     ReusePort() {
 *         super("select", SocketKind.TCP4, ListenStrategy.REUSE_PORT);
 *     }
 * }
 * }</pre>
 */
public abstract class GroupConformance extends ReactorKit implements
        EchoConformance,
        CloseConformance,
        HalfCloseConformance,
        CallbackExceptionConformance,
        ErrorConformance,
        LoadConformance,
        LineReceiverConformance,
        GroupTopics {

    /** The loops of the group under test. */
    public static final int LOOPS = 2;

    private final String backend;

    /** The kit over {@code kind} on a two-loop group of {@code backend} listening with {@code strategy}. */
    protected GroupConformance(String backend, SocketKind kind, ListenStrategy strategy) {
        super(kind, LOOPS, strategy);
        this.backend = backend;
    }

    @Override
    protected final Reactor newReactor() {
        return Reactors.create(backend);
    }

    @Override
    protected final ReactorGroup newGroup(int loops) {
        return Reactors.createGroup(backend, loops);
    }
}
