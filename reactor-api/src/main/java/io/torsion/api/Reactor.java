package io.torsion.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The event loop: one thread that waits on the kernel for readiness and calls protocols back.
 *
 * <p>Get one from {@link Reactors}. Reactors are plain objects: there is no global reactor, and
 * several may run in one JVM, each on its own thread.
 *
 * <p><b>Threading.</b> {@link #callFromThread} is the only method any thread may call. Every other
 * method must be called on the reactor thread (from a callback or a task), or before {@link #run()}
 * starts, from the thread that will call it.
 *
 * <p><b>Lifecycle.</b> {@link #run()} blocks until {@link #stop()}. Stopping runs the
 * {@link ShutdownPhase#BEFORE} triggers, stops every listening port, closes every connection (each
 * protocol hears {@code connectionLost} exactly once), calls {@code stopFactory} on factories whose
 * last port stopped, runs the {@link ShutdownPhase#DURING} and {@link ShutdownPhase#AFTER}
 * triggers, releases the backend's resources, and then {@code run()} returns. A reactor runs once.
 * Once it has stopped, every method but {@link #callFromThread} (which drops the task) and the
 * queries throws {@code IllegalStateException("reactor is stopped")}.
 *
 * <p><b>Errors, the same on every backend.</b> An address in use is a
 * {@link java.net.BindException}; a refused connection reaches {@code clientConnectionFailed} as
 * {@link ConnectionRefused} worded {@code "connection refused by <address>"}.
 */
public interface Reactor extends Scheduler {

    /** Listens on every interface at {@code port} (0 picks a free port). */
    ListeningPort listenTcp(int port, Factory factory) throws IOException;

    /** Listens on {@code address} (port 0 picks a free port), with the default backlog. */
    default ListeningPort listenTcp(InetSocketAddress address, Factory factory) throws IOException {
        return listenTcp(address, factory, ListeningPort.DEFAULT_BACKLOG);
    }

    /** Listens on {@code address} with room for {@code backlog} connections not yet accepted. */
    ListeningPort listenTcp(InetSocketAddress address, Factory factory, int backlog) throws IOException;

    /** Listens on the Unix domain socket {@code path} with mode {@code 0666} and the default backlog. */
    default ListeningPort listenUnix(String path, Factory factory) throws IOException {
        return listenUnix(path, factory, 0666, ListeningPort.DEFAULT_BACKLOG);
    }

    /**
     * Listens on the Unix domain socket {@code path}, like Twisted's {@code listenUNIX}. The socket
     * file gets {@code mode} (e.g. {@code 0660}). A file left at {@code path} by a server that is
     * gone (nobody accepts on it) is removed first; a live server there fails this with a
     * {@link java.net.BindException}. Stopping the port removes the file. A path starting with
     * {@code @} is a Linux abstract name: no file, no mode, nothing to remove.
     *
     * @throws IOException also for a path longer than the kernel's 107-byte limit, before any call
     */
    ListeningPort listenUnix(String path, Factory factory, int mode, int backlog) throws IOException;

    /**
     * Starts connecting to {@code host:port}. The outcome reaches the factory on the reactor
     * thread: {@code buildProtocol} and {@code connectionMade} on success, otherwise
     * {@code clientConnectionFailed} with {@link ConnectionRefused}, {@link ConnectTimedOut} (after
     * {@code timeout}; null means 30 s) or another {@code IOException}.
     */
    Connector connectTcp(String host, int port, ClientFactory factory, Duration timeout);

    /**
     * Starts connecting to the Unix domain socket {@code path} ({@code @name}: an abstract name).
     * As with {@link #connectTcp}, the outcome reaches the factory later: a path nobody listens on
     * is {@link ConnectionRefused}, a missing path or one we may not open an {@code IOException}
     * saying so.
     */
    Connector connectUnix(String path, ClientFactory factory, Duration timeout);

    /**
     * Runs {@code task} on the reactor thread soon, in the order the calling thread submitted it.
     * The only method safe from any thread. Tasks submitted after the reactor stopped are dropped.
     */
    void callFromThread(Runnable task);

    /** Runs the loop on the calling thread until {@link #stop()}; then returns. */
    void run();

    /**
     * Asks the reactor to stop; {@code run()} returns once shutdown is complete. May be called from
     * any thread and from inside callbacks; idempotent.
     */
    void stop();

    /**
     * Reads this process's standard input as one more stream of the reactor, like Twisted's
     * {@code StandardIO}: {@code protocol} hears {@code connectionMade}, {@code dataReceived} for each
     * chunk read, and {@code connectionLost} with {@link ConnectionDone} at end of input. Its transport
     * supports pause/resume and {@code loseConnection} (stop reading); bytes written to it go to
     * standard output. Backends that can watch the descriptor do (epoll, for a pipe or terminal);
     * otherwise a helper thread reads and hands each chunk to the reactor with {@link #callFromThread}.
     */
    void attachStandardInput(Protocol protocol);

    /** Runs {@code task} on the reactor thread during shutdown, in the given phase. */
    void addShutdownTrigger(ShutdownPhase phase, Runnable task);

    /** True between {@code run()} starting and shutdown finishing. */
    boolean isRunning();

    /** True when the calling thread is this reactor's thread. */
    boolean isReactorThread();

    /** The backend's name, as {@link Reactors#create(String)} knows it (e.g. {@code select}). */
    String name();

    /** Starts a looping call on this reactor; see {@link LoopingCall}. */
    default LoopingCall loopingCall(Duration interval, Runnable task) {
        return LoopingCall.start(this, interval, task);
    }
}
