package io.torsion.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Several reactors of one backend, each on its own thread, started and stopped together: how one
 * service uses several cores, like Netty's event-loop group. Get one from
 * {@link Reactors#createGroup(String, int)}.
 *
 * <p><b>Connections.</b> A connection lives on one loop for its whole life, and every callback of
 * its protocol runs on that loop's thread. A protocol hands work to a connection on another loop
 * with {@code other.reactor().callFromThread(task)} ({@link Transport#reactor()}); writing to it
 * directly from the wrong thread throws {@link IllegalStateException}. How the connections of one
 * address are spread over the loops is the {@link ListenStrategy}; which factory builds their
 * protocols, and when it is started and stopped, is the {@link GroupFactory}.
 *
 * <p><b>Threads.</b> {@link #run()} runs the first loop on the calling thread and every other on a
 * thread of its own named {@code torsion-NAME-loop-I}; a group of more than one loop also runs an
 * acceptor thread ({@code torsion-NAME-acceptor}) for the acceptor strategies, which runs no user
 * code. {@link #stop()}, {@link #onUncaughtError} and the queries are safe from any thread. The
 * {@code listen} methods may be called before {@code run()}, or while the group runs from a thread
 * that is not one of its own (they wait for each loop to listen); from a loop's thread they throw
 * {@link IllegalStateException}.
 *
 * <p><b>Stopping.</b> {@code stop()}, or a {@link Reactor#stop()} on any one loop, stops the whole
 * group: the acceptor first, so nothing is handed over any more, then every loop, each exactly as a
 * single reactor stops (its protocols hear {@code connectionLost} exactly once, then its factories
 * hear {@code stopFactory}). {@code run()} returns when every loop has finished. A group runs once.
 */
public interface ReactorGroup {

    /** The number of loops {@link Reactors#createDefaultGroup()} makes: one per available processor. */
    int DEFAULT_LOOPS = Runtime.getRuntime().availableProcessors();

    /**
     * The backend's name, as {@link Reactor#name()} gives it for each loop.
     *
     * @return the name
     */
    String name();

    /**
     * How many loops serve connections.
     *
     * @return at least 1
     */
    int size();

    /**
     * The loops, in a fixed order; use each only under its own threading rules.
     *
     * @return an unmodifiable list of {@link #size()} reactors
     */
    List<Reactor> loops();

    /**
     * The strategy {@link #listenTcp(InetSocketAddress, GroupFactory)} uses: {@link ListenStrategy#REUSE_PORT}
     * on epoll, {@link ListenStrategy#FEWEST_CONNECTIONS} on select (whose platforms do not all
     * balance {@code SO_REUSEPORT}).
     *
     * @return the backend's default
     */
    ListenStrategy defaultStrategy();

    /**
     * Listens on {@code address} on every loop with the {@link #defaultStrategy()} and the default backlog.
     *
     * @param address where to listen; port 0 picks one free port, which every loop then shares
     * @param factory the factory, shared or per loop
     * @return the port, which stops listening on every loop at once
     * @throws IOException as {@link Reactor#listenTcp(InetSocketAddress, Factory, int)} does
     */
    default ListeningPort listenTcp(InetSocketAddress address, GroupFactory factory) throws IOException {
        return listenTcp(address, factory, defaultStrategy(), Reactor.DEFAULT_BACKLOG);
    }

    /**
     * Listens on {@code address} on every loop with {@code strategy}.
     *
     * @param address where to listen; port 0 picks one free port, which every loop then shares
     * @param factory the factory, shared or per loop
     * @param strategy how connections are spread over the loops
     * @param backlog the accept queue's length (per socket with {@link ListenStrategy#REUSE_PORT})
     * @return the port, which stops listening on every loop at once
     * @throws IOException as {@link Reactor#listenTcp(InetSocketAddress, Factory, int)} does
     */
    ListeningPort listenTcp(InetSocketAddress address, GroupFactory factory, ListenStrategy strategy, int backlog)
            throws IOException;

    /**
     * Listens on the Unix domain socket {@code path} with mode {@code 0666} and the default backlog.
     *
     * @param path the socket file, or {@code @name}
     * @param factory the factory, shared or per loop
     * @return the port
     * @throws IOException as {@link Reactor#listenUnix(String, Factory, int, int)} does
     */
    default ListeningPort listenUnix(String path, GroupFactory factory) throws IOException {
        return listenUnix(path, factory, 0666, Reactor.DEFAULT_BACKLOG);
    }

    /**
     * Listens on the Unix domain socket {@code path}, one socket served by the acceptor
     * ({@link ListenStrategy#FEWEST_CONNECTIONS}): the kernel does not balance Unix sockets over
     * {@code SO_REUSEPORT}.
     *
     * @param path the socket file, or {@code @name}
     * @param factory the factory, shared or per loop
     * @param mode the socket file's permission bits
     * @param backlog the accept queue's length
     * @return the port
     * @throws IOException as {@link Reactor#listenUnix(String, Factory, int, int)} does
     */
    ListeningPort listenUnix(String path, GroupFactory factory, int mode, int backlog) throws IOException;

    /** Runs every loop until the group stops; returns once every loop has finished. */
    void run();

    /** Stops every loop gracefully (see above); from any thread, also from inside a callback; idempotent. */
    void stop();

    /**
     * True from {@link #run()} starting until every loop has finished.
     *
     * @return whether the group runs
     */
    boolean isRunning();

    /**
     * Sets the uncaught-error handler of every loop; see {@link Reactor#onUncaughtError}.
     *
     * @param handler the handler, or null for the standard one
     */
    void onUncaughtError(UncaughtErrorHandler handler);
}
