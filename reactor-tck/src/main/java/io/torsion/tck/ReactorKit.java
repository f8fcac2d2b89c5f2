package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.ListenStrategy;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import java.net.SocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The harness: a fresh reactor per test, running on its own thread, and the {@link Kit} means to
 * act on that thread and wait for what it does. {@link ReactorConformance} extends it with every
 * topic; a backend that wants only some topics extends this and implements those.
 *
 * <p>Per test: {@link #newReactor()} is called, {@code run()} starts on a background thread, and
 * the test drives the reactor only through {@link Reactor#callFromThread} (see {@link #call} and
 * {@link #exec}), honouring the reactor's threading contract. After the test the reactor is stopped,
 * {@code run()} must return within {@link #STOP_TIMEOUT}, and every {@link Probe} protocol the test
 * made is checked: all callbacks on the reactor thread, {@code connectionLost} exactly once after
 * {@code connectionMade}, nothing after it. Every test has a timeout (30 s unless it says more).
 *
 * <p><b>On a group.</b> Made with a number of loops and a {@link ListenStrategy}, the harness runs a
 * {@link ReactorGroup} ({@link #newGroup}) instead: {@link #reactor()} is its first loop (timers,
 * clients and tasks run there), {@link #listen} listens on every loop with one shared factory, and
 * every probe must see all its callbacks on one of the group's threads, always the same one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class ReactorKit implements Kit {

    /** How long a stopped reactor may take to return from {@code run()}. */
    protected static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger reactorCount = new AtomicInteger();

    private final SocketKind kind;
    private final int loops;
    private final ListenStrategy strategy;
    private ReactorGroup group;
    private Reactor reactor;
    private Path scratch;

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

    /** The kit over TCP on IPv4. */
    protected ReactorKit() {
        this(SocketKind.TCP4);
    }

    /** The kit over {@code kind} of stream socket. */
    protected ReactorKit(SocketKind kind) {
        this(kind, 1, null);
    }

    /** The kit over {@code kind} on a group of {@code loops} loops listening with {@code strategy}. */
    protected ReactorKit(SocketKind kind, int loops, ListenStrategy strategy) {
        this.kind = kind;
        this.loops = loops;
        this.strategy = strategy;
    }

    /** A new, not yet running reactor of the backend under test. */
    protected abstract Reactor newReactor();

    /** A new, not yet running group of the backend under test; only the kit on a group calls it. */
    protected ReactorGroup newGroup(int loops) {
        throw new UnsupportedOperationException(getClass().getName() + " runs the kit on a group: override newGroup");
    }

    @BeforeEach
    public final void startReactor() {
        Assumptions.assumeTrue(kind.availableHere(), "this machine has no " + kind + " loopback");
        if (kind.isTls()) {
            KitTls.get(); // the certificates, made outside the test's time limit (keytool is slow on a busy machine)
        }
        if (strategy != null) {
            group = newGroup(loops);
            reactor = group.loops().get(0);
        } else {
            reactor = newReactor();
        }
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
                if (group != null) {
                    group.stop();
                } else {
                    reactor.stop();
                }
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
                Loopback.closeQuietly(closeable);
            }
            background.shutdownNow();
            removeScratch();
        }
    }

    private void runReactor() {
        try {
            // Only the thread that runs the reactor may ask it anything but callFromThread.
            Thread.currentThread().setName(Thread.currentThread().getName() + "-" + reactor.name());
            if (group != null) {
                group.run(); // the first loop on this thread, the others on their own
            } else {
                reactor.run();
            }
            runOutcome.complete(null);
        } catch (Throwable t) {
            runOutcome.completeExceptionally(t);
        }
    }

    @Override
    public final boolean onReactorThread() {
        if (Thread.currentThread() == reactorThread) {
            return true;
        }
        return group != null && group.loops().stream().anyMatch(Reactor::isReactorThread);
    }

    /** The group under test, or null when the kit runs on one reactor. */
    @Override
    public final ReactorGroup group() {
        return group;
    }

    /** On a group: listens on every loop, from the test thread, with the kit's strategy. */
    @Override
    public final ListeningPort listenAt(SocketAddress address, Factory factory) {
        if (group == null) {
            return call(() -> kind().listen(reactor(), address, factory));
        }
        try {
            return kind().listen(group, address, factory, strategy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the group at " + address, e);
        }
    }

    @Override
    public final void awaitRunReturned() throws Exception {
        try {
            runOutcome.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("run() did not return within " + STOP_TIMEOUT + " of stop()");
        }
        reactorThread.join(STOP_TIMEOUT.toMillis());
        assertFalse(reactorThread.isAlive(), "reactor thread still alive after run() returned");
    }

    @Override
    public final Reactor reactor() {
        return reactor;
    }

    @Override
    public final void violation(String what) {
        violations.add(what);
    }

    @Override
    public final void register(Probe probe) {
        probes.add(probe);
    }

    @Override
    public final <T> T callOn(Reactor loop, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callFromThread(() -> {
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

    @Override
    public final SocketKind kind() {
        return kind;
    }

    @Override
    public final Path scratch() {
        if (scratch == null) {
            try {
                scratch = SocketKind.newScratch();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a scratch directory", e);
            }
        }
        return scratch;
    }

    @Override
    public final <C extends Closeable> C closeAfter(C closeable) {
        closeAfter.add(closeable);
        return closeable;
    }

    @Override
    public final <T> Future<T> spawn(Callable<T> task) {
        return background.submit(task);
    }

    private void removeScratch() {
        if (scratch == null) {
            return;
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
