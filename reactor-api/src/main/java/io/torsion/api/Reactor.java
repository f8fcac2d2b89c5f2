package io.torsion.api;

import io.torsion.api.tls.TlsFactories;
import io.torsion.api.tls.TlsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * The event loop: one thread that waits on the kernel for readiness and calls protocols back.
 *
 * <p>Get one from {@link Reactors}. Reactors are plain objects: there is no global reactor, and
 * several may run in one JVM, each on its own thread.
 *
 * <p><b>Threading.</b> {@link #callFromThread}, {@link #stop()}, {@link #onUncaughtError} and the
 * thread-pool methods ({@link #callInThread}, {@link #deferToThread}, {@link #configureThreadPool})
 * are safe from any thread. Every other method must be called on the reactor thread (from a callback
 * or a task), or before {@link #run()} starts, from the thread that will call it.
 *
 * <p><b>Lifecycle.</b> {@link #run()} blocks until {@link #stop()}. Stopping runs the
 * {@link ShutdownPhase#BEFORE} triggers, stops every listening port and pending connection attempt,
 * runs the {@link ShutdownPhase#DURING} triggers, closes every connection (each protocol hears
 * {@code connectionLost} exactly once; connections get a few seconds to flush), and only then calls
 * {@code stopFactory} on every factory still started, so a factory's shared state outlives its
 * connections. Then the {@link ShutdownPhase#AFTER} triggers run, the backend's resources are
 * released, and {@code run()} returns. A reactor runs once.
 * Once it has stopped, every method but {@link #callFromThread} (which drops the task) and the
 * queries throws {@code IllegalStateException("reactor is stopped")}.
 *
 * <p><b>Errors.</b> An exception thrown by user code on the reactor thread never ends the loop: the
 * connection it belongs to is closed, and the exception goes to the {@link UncaughtErrorHandler}
 * set with {@link #onUncaughtError} (by default slf4j, or standard error when slf4j has no provider).
 *
 * <p><b>Errors, the same on every backend.</b> An address in use is a
 * {@link java.net.BindException}; a refused connection reaches {@code clientConnectionFailed} as
 * {@link ConnectionRefused} worded {@code "connection refused by <destination>"}, the destination as
 * it was given.
 */
public interface Reactor extends Scheduler {

    /** The accept queue's length when none is given (the kernel caps it at net.core.somaxconn). */
    int DEFAULT_BACKLOG = 1024;

    /** Listens on every interface at {@code port} (0 picks a free port). */
    ListeningPort listenTcp(int port, Factory factory) throws IOException;

    /** Listens on {@code address} (port 0 picks a free port), with the default backlog. */
    default ListeningPort listenTcp(InetSocketAddress address, Factory factory) throws IOException {
        return listenTcp(address, factory, DEFAULT_BACKLOG);
    }

    /** How long {@link #connectTcp(String, int, ClientFactory)} waits for a connection to be made. */
    Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Listens on {@code address} (port 0 picks a free port) with an accept queue of {@code backlog}
     * connections (at least 1); an address in use is a {@link java.net.BindException}.
     */
    ListeningPort listenTcp(InetSocketAddress address, Factory factory, int backlog) throws IOException;

    /** Listens on the Unix domain socket {@code path} with mode {@code 0666} and the default backlog. */
    default ListeningPort listenUnix(String path, Factory factory) throws IOException {
        return listenUnix(path, factory, 0666, DEFAULT_BACKLOG);
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
     * {@code timeout}; null means {@link #DEFAULT_CONNECT_TIMEOUT}) or another {@code IOException}.
     * The connector and those exceptions' messages name the destination as {@code host} was given.
     */
    Connector connectTcp(String host, int port, ClientFactory factory, Duration timeout);

    /** As {@link #connectTcp(String, int, ClientFactory, Duration)}, giving up after {@link #DEFAULT_CONNECT_TIMEOUT}. */
    default Connector connectTcp(String host, int port, ClientFactory factory) {
        return connectTcp(host, port, factory, DEFAULT_CONNECT_TIMEOUT);
    }

    /** The {@code maxPacketSize} of ports opened without one, as in Twisted. */
    int DEFAULT_MAX_PACKET_SIZE = 8192;

    /** The largest UDP payload over IPv4 (65,535 − 20 − 8), and the largest {@code maxPacketSize}. */
    int MAX_UDP_PAYLOAD = 65_507;

    /**
     * Binds a UDP port on every IPv4 interface ({@code 0.0.0.0}) at {@code port} (0 picks a free
     * one) with {@link #DEFAULT_MAX_PACKET_SIZE}; see {@link #listenUdp(InetSocketAddress, DatagramProtocol, int)}.
     */
    default UdpTransport listenUdp(int port, DatagramProtocol protocol) throws IOException {
        return listenUdp(new InetSocketAddress(port), protocol, DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * Binds a UDP port on {@code address} and starts {@code protocol} on it ({@code startProtocol}
     * runs before this returns). Datagrams longer than {@code maxPacketSize} (1 to
     * {@link #MAX_UDP_PAYLOAD}) are reported as truncated, never delivered in part. The port's family
     * is {@code address}'s.
     */
    UdpTransport listenUdp(InetSocketAddress address, DatagramProtocol protocol, int maxPacketSize) throws IOException;

    /**
     * Binds a UDP port for multicast on every IPv4 interface at {@code port}, as Twisted's
     * {@code listenMulticast}: join groups with {@link UdpTransport#joinGroup}. With
     * {@code reuseAddress} (SO_REUSEADDR) several sockets, in this process or others, may listen to
     * the same group and port, and each receives every datagram.
     */
    UdpTransport listenMulticast(int port, DatagramProtocol protocol, boolean reuseAddress) throws IOException;

    /**
     * Binds a Unix datagram socket at {@code path} (which must not exist; it is not removed when the
     * port stops) with {@link #DEFAULT_MAX_PACKET_SIZE}. Senders are {@link java.net.UnixDomainSocketAddress}es;
     * an unbound sender's is the empty path, and cannot be answered. {@code connect} takes a path too.
     *
     * @throws UnsupportedOperationException where the backend has no Unix datagram sockets (select:
     *     java.nio has none)
     */
    DatagramTransport listenUnixDatagram(Path path, DatagramProtocol protocol) throws IOException;

    /**
     * Starts connecting to the Unix domain socket {@code path} ({@code @name}: an abstract name).
     * As with {@link #connectTcp}, the outcome reaches the factory later: a path nobody listens on
     * is {@link ConnectionRefused}, a missing path or one we may not open an {@code IOException}
     * saying so.
     */
    Connector connectUnix(String path, ClientFactory factory, Duration timeout);

    /**
     * Listens on {@code address} for TLS connections: each handshakes as a server with {@code tls}, and
     * the factory's protocol hears {@code connectionMade} once the handshake is done (unless the
     * options ask for Twisted's order) and then plaintext. A handshake that fails or times out closes
     * that connection with a logged reason; the protocol never hears of it.
     */
    default ListeningPort listenSsl(InetSocketAddress address, Factory factory, TlsOptions tls) throws IOException {
        return listenTcp(address, TlsFactories.server(this, factory, tls));
    }

    /**
     * Connects to {@code host:port} over TLS, verifying the server's certificate against {@code tls}'s
     * trust and, unless turned off, that it names {@code host}. A connection whose handshake fails
     * reaches the factory's {@code clientConnectionFailed} with an {@code SSLHandshakeException} that
     * says why (expired, wrong host name, unknown issuer, ...).
     */
    default Connector connectSsl(String host, int port, ClientFactory factory, TlsOptions tls, Duration timeout) {
        return connectTcp(host, port, TlsFactories.client(this, factory, tls, host, port), timeout);
    }

    /**
     * Runs {@code task} on the reactor thread soon, in the order the calling thread submitted it.
     * The only method safe from any thread. Tasks submitted after the reactor stopped are dropped.
     */
    void callFromThread(Runnable task);

    /**
     * Runs {@code task} on one of the reactor's pool threads, for work that blocks (a disk sync, a
     * blocking library call), like Twisted's {@code callInThread}. The pool has a bounded number of
     * daemon threads named {@code torsion-NAME-pool-N}, started when work arrives, and a bounded
     * queue of tasks waiting for a thread (see {@link #configureThreadPool}). Tasks start in the
     * order submitted. What the task throws is logged on the reactor thread. The task must not touch
     * the reactor except through {@link #callFromThread}.
     *
     * <p>When the reactor stops (after the {@link ShutdownPhase#DURING} triggers), the pool takes no
     * more work, tasks not yet started are dropped, and shutdown waits for running ones within the
     * same grace period as connections; they are never interrupted.
     *
     * @throws RejectedExecutionException when the queue is full or the reactor is stopping or stopped
     */
    void callInThread(Runnable task);

    /**
     * Runs {@code task} on a pool thread, as {@link #callInThread}, and returns a stage that
     * completes on the reactor thread with the task's result or what it threw, like Twisted's
     * {@code deferToThread}. Stages added with the non-async methods ({@code thenAccept},
     * {@code whenComplete}, ...) therefore run on the reactor thread. When the reactor stops before
     * the task started, the stage fails with {@link RejectedExecutionException}.
     *
     * @throws RejectedExecutionException when the queue is full or the reactor is stopping or stopped
     */
    <T> CompletionStage<T> deferToThread(Callable<T> task);

    /**
     * Sets the pool's limits: at most {@code threads} threads (default 4) and at most
     * {@code maxQueued} tasks waiting for one (default 256; 0 refuses any task no thread is free
     * for). Takes effect at once; surplus idle threads end, busy ones finish their task first.
     *
     * @throws IllegalArgumentException when {@code threads < 1} or {@code maxQueued < 0}
     */
    void configureThreadPool(int threads, int maxQueued);

    /** Runs the loop on the calling thread until {@link #stop()}; then returns. */
    void run();

    /**
     * Asks the reactor to stop; {@code run()} returns once shutdown is complete. May be called from
     * any thread and from inside callbacks; idempotent.
     */
    void stop();

    /**
     * Sets who hears about exceptions thrown by user code on the reactor thread (protocol and factory
     * callbacks, timers, tasks); see {@link UncaughtErrorHandler}. Replaces the handler set before;
     * {@code null} restores {@link UncaughtErrorHandler#standard()}, which every reactor starts with.
     * May be called from any thread.
     *
     * @param handler the new handler, or null for the standard one
     */
    void onUncaughtError(UncaughtErrorHandler handler);

    /**
     * Reads this process's standard input as one more stream of the reactor, like Twisted's
     * {@code StandardIO}: {@code protocol} hears {@code connectionMade}, {@code dataReceived} for each
     * chunk read, and {@code connectionLost} with {@link ConnectionDone} at end of input. Its transport
     * supports pause/resume and {@code loseConnection} (stop reading); bytes written to it go to
     * standard output. Backends that can watch the descriptor do (epoll, for a pipe or terminal);
     * otherwise a helper thread reads and hands each chunk to the reactor with {@link #callFromThread}.
     */
    void attachStandardInput(Protocol protocol);

    /**
     * Connects {@code a} and {@code b} through a pair of connected Unix domain stream sockets inside
     * this reactor, like Python's {@code socket.socketpair()}: both protocols hear
     * {@code connectionMade} now, and what one writes the other receives. Their transports are
     * {@link UnixTransport}s with unnamed addresses. Each end closes on its own; the other sees end
     * of stream.
     */
    void socketPair(Protocol a, Protocol b) throws IOException;

    /** Starts {@code argv} with this process's environment and working directory; see the full form. */
    default ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> argv) throws IOException {
        return spawnProcess(protocol, argv, null, null);
    }

    /**
     * Starts a child process, like Twisted's {@code spawnProcess}. {@code argv[0]} is the program,
     * looked up on this process's {@code PATH} when it has no {@code /}; {@code env} is the child's
     * whole environment ({@code null}: this process's); {@code workingDirectory} its working
     * directory ({@code null}: this process's). The child's standard input, output and error are
     * pipes that are streams of this reactor; {@code protocol} hears what the child writes, when each
     * stream ends, and the exit status (see {@link ProcessProtocol} for the order).
     *
     * <p>epoll starts the child with {@code posix_spawn} and watches its pipes and a pidfd; the
     * select backend uses {@link ProcessBuilder} with helper threads (see the docs for what differs).
     *
     * @throws IOException when the program cannot be started (not found, not executable, a missing
     *     working directory), before anything reaches the protocol
     * @throws IllegalArgumentException for an empty {@code argv}, or a NUL byte or (in a name) an
     *     {@code =} in an argument or the environment
     */
    ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> argv, Map<String, String> env,
            Path workingDirectory) throws IOException;

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
