package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The harness every conformance test class extends: a fresh reactor per test, running on its own
 * thread, plus the means to act on that thread and to wait for what it does.
 *
 * <p>Per test: {@link #newReactor()} is called, {@code run()} starts on a background thread, and
 * the test drives the reactor only through {@link Reactor#callFromThread} (see {@link #call} and
 * {@link #exec}), honouring the reactor's threading contract. After the test the reactor is stopped,
 * {@code run()} must return within {@link #STOP_TIMEOUT}, and every {@link Probe} protocol the test
 * made is checked: all callbacks on the reactor thread, {@code connectionLost} exactly once after
 * {@code connectionMade}, nothing after it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class ReactorKit {

    /** How long a stopped reactor may take to return from {@code run()}. */
    protected static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** The default wait for one thing to happen: long, because tests must not depend on speed. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    /** The documented default high-water mark of a transport's write queue. */
    protected static final int DEFAULT_HIGH_WATER = 64 * 1024;

    /** The documented default low-water mark of a transport's write queue. */
    protected static final int DEFAULT_LOW_WATER = 16 * 1024;

    /**
     * The most one {@code dataReceived} call is assumed to carry: an echo that pauses at the
     * high-water mark may have queued this much more before the pause took effect.
     */
    protected static final int READ_SLACK = 1024 * 1024;

    private static final AtomicInteger reactorCount = new AtomicInteger();

    /** The reactor under test; fresh for every test. */
    protected Reactor reactor;

    private Thread reactorThread;
    private final CompletableFuture<Void> runOutcome = new CompletableFuture<>();
    private final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Closeable> closeAfter = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kit-client");
        thread.setDaemon(true);
        return thread;
    });

    /** A new, not yet running reactor of the backend under test. */
    protected abstract Reactor newReactor();

    @BeforeEach
    public final void startReactor() {
        reactor = newReactor();
        reactorThread = new Thread(this::runReactor, "reactor-kit-" + reactorCount.incrementAndGet());
        reactorThread.setDaemon(true);
        reactorThread.start();
        call(() -> null);
    }

    @AfterEach
    public final void stopReactor() throws Exception {
        if (reactorThread == null) {
            background.shutdownNow();
            return;
        }
        try {
            if (reactorThread.isAlive()) {
                reactor.stop();
            }
            reactorThread.join(STOP_TIMEOUT.toMillis());
            assertFalse(reactorThread.isAlive(), "run() did not return within " + STOP_TIMEOUT + " of stop()");
            try {
                runOutcome.get();
            } catch (ExecutionException e) {
                throw new AssertionError("run() threw", e.getCause());
            }
            for (Probe probe : probes) {
                probe.checkClosedProperly();
            }
            assertEquals(List.of(), violations, "contract violations seen by the kit");
        } finally {
            for (Closeable closeable : closeAfter) {
                closeQuietly(closeable);
            }
            background.shutdownNow();
        }
    }

    private void runReactor() {
        try {
            // Only the thread that runs the reactor may ask it anything but callFromThread.
            Thread.currentThread().setName(Thread.currentThread().getName() + "-" + reactor.name());
            reactor.run();
            runOutcome.complete(null);
        } catch (Throwable t) {
            runOutcome.completeExceptionally(t);
        }
    }

    /** True on the reactor thread; independent of the backend's own bookkeeping. */
    protected final boolean onReactorThread() {
        return Thread.currentThread() == reactorThread;
    }

    /** True until {@code run()} has returned. */
    protected final boolean reactorThreadAlive() {
        return reactorThread.isAlive();
    }

    /** Waits for {@code run()} to return (after a stop the test asked for) and checks it did not throw. */
    protected final void awaitRunReturned() throws Exception {
        try {
            runOutcome.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("run() did not return within " + STOP_TIMEOUT + " of stop()");
        }
        reactorThread.join(STOP_TIMEOUT.toMillis());
        assertFalse(reactorThread.isAlive(), "reactor thread still alive after run() returned");
    }

    /** Records a broken contract; the test fails at the end even when the break happened on the reactor thread. */
    final void violation(String what) {
        violations.add(what);
    }

    final void register(Probe probe) {
        probes.add(probe);
    }

    /** Runs {@code task} on the reactor thread with {@code callFromThread} and returns its result. */
    protected final <T> T call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("task on the reactor thread threw", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the reactor did not run a callFromThread task within " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A task for {@link #exec}: like {@link Runnable}, but may throw. */
    @FunctionalInterface
    protected interface ReactorTask {
        void run() throws Exception;
    }

    /** Runs {@code task} on the reactor thread with {@code callFromThread} and waits for it. */
    protected final void exec(ReactorTask task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** One full trip through the reactor's loop: everything submitted before has run. */
    protected final void barrier() {
        call(() -> null);
    }

    /** Listens on 127.0.0.1 at a free port, from the reactor thread. */
    protected final ListeningPort listen(Factory factory) {
        return call(() -> reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), factory));
    }

    /** A plain blocking client connected to 127.0.0.1:{@code port}; closed after the test. */
    protected final Peer connect(int port) {
        return closeAfter(Peer.connect(port, 0));
    }

    /** As {@link #connect(int)}, with the client's receive buffer fixed so the kernel cannot soak up a test's data. */
    protected final Peer connectWithSmallReceiveBuffer(int port) {
        return closeAfter(Peer.connect(port, Peer.SMALL_BUFFER));
    }

    /** Closes {@code closeable} after the test, after the reactor stopped. */
    protected final <C extends Closeable> C closeAfter(C closeable) {
        closeAfter.add(closeable);
        return closeable;
    }

    /** Runs {@code task} on a background thread that the kit stops after the test. */
    protected final <T> Future<T> spawn(Callable<T> task) {
        return background.submit(task);
    }

    /** The result of a spawned task, waiting at most {@code timeout}. */
    protected static <T> T result(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("background task did not finish within " + timeout);
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@link #WAIT}. */
    protected static void await(String what, BooleanSupplier condition) {
        await(what, condition, WAIT);
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    protected static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** A free port on 127.0.0.1 that nothing listens on (bound and released by a plain socket). */
    protected static int closedPort() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a plain server socket can bind 127.0.0.1:{@code port} right now. */
    protected static void assertPortFree(int port) {
        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new AssertionError("port " + port + " cannot be bound again at once", e);
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort at cleanup: the test already has its verdict
        }
    }

    /** A factory that makes its protocols with {@code make} and collects them in {@code sink}. */
    static <P extends Probe> Factory collecting(java.util.List<P> sink, java.util.function.Supplier<P> make) {
        return peer -> {
            P protocol = make.get();
            sink.add(protocol);
            return protocol;
        };
    }

    /** Waits until {@code sink} holds {@code count} protocols whose connectionMade ran; returns it. */
    static <P extends Probe> java.util.List<P> awaitMade(java.util.List<P> sink, int count) {
        await(count + " connection(s) made",
                () -> sink.size() >= count && sink.stream().limit(count).allMatch(Probe::isMade));
        return sink;
    }

    /** An echo server on a free port; its protocols are collected in {@code sink}. */
    final ListeningPort listenEcho(java.util.List<EchoProbe> sink) {
        return listen(collecting(sink, () -> new EchoProbe(this, "echo-server", false)));
    }

    /** Sends {@code text} and asserts the same bytes come back. */
    static void assertEchoes(Peer peer, String text) throws IOException {
        peer.write(text);
        assertEquals(text, peer.readText(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                "echo of " + text);
    }
}
