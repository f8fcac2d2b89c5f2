package io.torsion.api;

/**
 * How a {@link ReactorGroup} spreads the connections of one listening address over its loops.
 *
 * <p>With {@link #REUSE_PORT} every loop has a listening socket of its own, bound with
 * {@code SO_REUSEPORT}, and the kernel picks the socket for each new connection by a hash of its
 * addresses: nothing is handed between threads, but the kernel knows nothing of the loops, so a loop
 * stuck in a callback still gets its share of new connections, which wait in its socket's queue. With
 * the acceptor strategies one listening socket is served by the group's acceptor thread, which runs no
 * user code and hands each accepted socket to a loop, where it lives from then on.
 */
public enum ListenStrategy {

    /** One listening socket per loop, bound with {@code SO_REUSEPORT}; TCP only. */
    REUSE_PORT,

    /** One acceptor handing the loops connections in turn. */
    ROUND_ROBIN,

    /**
     * One acceptor handing each connection to the loop with the fewest connections, counting those
     * handed to it and not yet taken up, so a loop stuck in a callback is passed over.
     */
    FEWEST_CONNECTIONS;

    /** True for the strategies where one acceptor hands connections over. */
    public boolean usesAcceptor() {
        return this != REUSE_PORT;
    }
}
