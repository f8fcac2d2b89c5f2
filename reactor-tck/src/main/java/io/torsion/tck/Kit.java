package io.torsion.tck;

import io.torsion.api.ClientFactory;
import io.torsion.api.Connector;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * What a conformance test asks of the harness. The topic interfaces ({@link EchoConformance},
 * {@link CloseConformance}, ...) hold their tests as default methods on top of this;
 * {@link ReactorKit} implements it with a fresh reactor per test. Topics are interfaces so that
 * one backend class can run them all and every result carries that class's name.
 *
 * <p>Threading: {@link #call}, {@link #exec} and {@link #barrier} hand work to the reactor thread
 * with {@code callFromThread} and wait for it; that is the only way a test touches the reactor
 * while it runs.
 */
public interface Kit {

    /** The default wait for one thing to happen: long, because tests must not depend on speed. */
    Duration WAIT = Duration.ofSeconds(20);

    /** The documented default high-water mark of a transport's write queue. */
    int DEFAULT_HIGH_WATER = 64 * 1024;

    /** The documented default low-water mark of a transport's write queue. */
    int DEFAULT_LOW_WATER = 16 * 1024;

    /**
     * The most one {@code dataReceived} call is assumed to carry: an echo that pauses at the
     * high-water mark may have queued this much more before the pause took effect.
     */
    int READ_SLACK = 1024 * 1024;

    /** A task for {@link #exec}: like {@link Runnable}, but may throw. */
    @FunctionalInterface
    interface ReactorTask {
        void run() throws Exception;
    }

    /** The reactor under test; touch it from the test thread only through {@link #call} and friends. */
    Reactor reactor();

    /**
     * The group under test when the kit runs on one ({@link #reactor()} is then its first loop), or null.
     *
     * @return the group, or null
     */
    default ReactorGroup group() {
        return null;
    }

    /** True on the reactor thread; independent of the backend's own bookkeeping. */
    boolean onReactorThread();

    /** Records a broken contract; the test fails at its end even when the break was seen on the reactor thread. */
    void violation(String what);

    /** Has the kit check {@code probe}'s call order once the reactor stopped. */
    void register(Probe probe);

    /** Runs {@code task} on the reactor thread with {@code callFromThread} and returns its result. */
    default <T> T call(Callable<T> task) {
        return callOn(reactor(), task);
    }

    /**
     * Runs {@code task} on {@code loop}'s thread with {@code callFromThread} and returns its result:
     * on a group, how a test acts on a connection that lives on another loop than the first.
     */
    <T> T callOn(Reactor loop, Callable<T> task);

    /** Sets the uncaught-error handler of the reactor, or of every loop of the group. */
    default void onUncaughtError(io.torsion.api.UncaughtErrorHandler handler) {
        if (group() != null) {
            group().onUncaughtError(handler);
        } else {
            reactor().onUncaughtError(handler);
        }
    }

    /** Runs {@code task} on the reactor thread with {@code callFromThread} and waits for it. */
    default void exec(ReactorTask task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** One full trip through the reactor's loop: everything submitted before has run. */
    default void barrier() {
        call(() -> null);
    }

    /** Waits for {@code run()} to return after a stop the test asked for, and checks it did not throw. */
    void awaitRunReturned() throws Exception;

    /** The kind of stream socket this run of the kit uses (TCP over IPv4 or IPv6, Unix). */
    SocketKind kind();

    /** A fresh directory for this test's socket files; removed after the test. */
    Path scratch();

    /** Listens at a fresh address of the kit's kind (a free loopback port, a new socket file), from the reactor thread. */
    default ListeningPort listen(Factory factory) {
        return listenAt(kind().freshAddress(this), factory);
    }

    /** Listens at {@code address} (of the kit's kind), from the reactor thread. */
    default ListeningPort listenAt(SocketAddress address, Factory factory) {
        return call(() -> kind().listen(reactor(), address, factory));
    }

    /** On the reactor thread: starts the reactor's own client connection to {@code address}. */
    default Connector connectClient(SocketAddress address, ClientFactory factory, Duration timeout) {
        return kind().connect(reactor(), address, factory, timeout);
    }

    /** An address of the kit's kind where nothing listens. */
    default SocketAddress closedAddress() {
        return kind().closedAddress(this);
    }

    /** An echo server on a free port; its protocols are collected in {@code sink}. */
    default ListeningPort listenEcho(List<EchoProbe> sink) {
        return listen(Loopback.collecting(sink, () -> new EchoProbe(this, "echo-server", false)));
    }

    /** A plain TCP client connected to 127.0.0.1:{@code port} (for topics that are TCP-only); closed after the test. */
    default Peer connect(int port) {
        return closeAfter(Peer.connect(SocketKind.TCP4, new InetSocketAddress("127.0.0.1", port), 0));
    }

    /** A plain client connected to {@code port} (of the port's kind); closed after the test. */
    default Peer connect(ListeningPort port) {
        return closeAfter(Peer.connect(SocketKind.of(port), port.address(), 0));
    }

    /** As {@link #connect}, with the client's receive buffer fixed so the kernel cannot soak up a test's data. */
    default Peer connectWithSmallReceiveBuffer(ListeningPort port) {
        return closeAfter(Peer.connect(SocketKind.of(port), port.address(), Peer.SMALL_BUFFER));
    }

    /** Closes {@code closeable} after the test, after the reactor stopped. */
    <C extends Closeable> C closeAfter(C closeable);

    /** Runs {@code task} on a background thread that the kit stops after the test. */
    <T> Future<T> spawn(Callable<T> task);
}
