package io.torsion.tck;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import java.io.Closeable;
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

    /** True on the reactor thread; independent of the backend's own bookkeeping. */
    boolean onReactorThread();

    /** Records a broken contract; the test fails at its end even when the break was seen on the reactor thread. */
    void violation(String what);

    /** Has the kit check {@code probe}'s call order once the reactor stopped. */
    void register(Probe probe);

    /** Runs {@code task} on the reactor thread with {@code callFromThread} and returns its result. */
    <T> T call(Callable<T> task);

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

    /** Listens on 127.0.0.1 at a free port, from the reactor thread. */
    ListeningPort listen(Factory factory);

    /** An echo server on a free port; its protocols are collected in {@code sink}. */
    default ListeningPort listenEcho(List<EchoProbe> sink) {
        return listen(Loopback.collecting(sink, () -> new EchoProbe(this, "echo-server", false)));
    }

    /** A plain blocking client connected to 127.0.0.1:{@code port}; closed after the test. */
    Peer connect(int port);

    /** As {@link #connect(int)}, with the client's receive buffer fixed so the kernel cannot soak up a test's data. */
    Peer connectWithSmallReceiveBuffer(int port);

    /** Closes {@code closeable} after the test, after the reactor stopped. */
    <C extends Closeable> C closeAfter(C closeable);

    /** Runs {@code task} on a background thread that the kit stops after the test. */
    <T> Future<T> spawn(Callable<T> task);
}
