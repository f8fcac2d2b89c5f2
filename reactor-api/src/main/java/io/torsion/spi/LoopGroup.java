package io.torsion.spi;

import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListenStrategy;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import io.torsion.api.ReactorProvider;
import io.torsion.api.ShutdownPhase;
import io.torsion.api.UncaughtErrorHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link ReactorGroup} of the shared machinery: N loops of one backend and, for more than one,
 * an acceptor loop that serves the listening sockets of the acceptor strategies and hands each
 * accepted handle to a loop ({@link HandOver}). Listening on every loop at once is {@link GroupPort}.
 */
public final class LoopGroup implements ReactorGroup {

    private final String name;
    private final List<EventLoop> loops;
    private final List<Reactor> view;
    private final EventLoop acceptor;
    private final HandOver handOver;
    private final ListenStrategy defaultStrategy;
    /** Guards the start: listening before it calls the loops directly, and no loop may start meanwhile. */
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean running;

    private LoopGroup(List<EventLoop> loops, EventLoop acceptor, ListenStrategy defaultStrategy) {
        this.name = loops.get(0).name();
        this.loops = List.copyOf(loops);
        this.view = List.copyOf(loops);
        this.acceptor = acceptor;
        this.handOver = new HandOver(this.loops);
        this.defaultStrategy = defaultStrategy;
        for (EventLoop loop : this.loops) {
            // One loop stopping (a protocol calling transport.reactor().stop()) stops them all.
            loop.addShutdownTrigger(ShutdownPhase.BEFORE, this::stop);
        }
    }

    /** A group of {@code size} new loops of {@code provider}'s backend. */
    public static LoopGroup create(ReactorProvider provider, int size) {
        List<EventLoop> loops = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            loops.add(loopOf(provider));
        }
        return new LoopGroup(loops, size > 1 ? loopOf(provider) : null, provider.groupStrategy());
    }

    private static EventLoop loopOf(ReactorProvider provider) {
        Reactor reactor = provider.create();
        if (reactor instanceof EventLoop loop) {
            return loop;
        }
        throw new IllegalArgumentException("the " + provider.name() + " backend cannot run in a reactor group");
    }

    // ---- ReactorGroup --------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return loops.size();
    }

    @Override
    public List<Reactor> loops() {
        return view;
    }

    @Override
    public ListenStrategy defaultStrategy() {
        return defaultStrategy;
    }

    @Override
    public ListeningPort listenTcp(InetSocketAddress address, GroupFactory factory, ListenStrategy strategy, int backlog)
            throws IOException {
        return beforeOrWhileRunning(() -> listenTcpNow(address, factory, strategy, backlog));
    }

    private ListeningPort listenTcpNow(InetSocketAddress address, GroupFactory factory, ListenStrategy strategy,
            int backlog) throws IOException {
        if (loops.size() == 1) {
            return onLoop(loops.get(0), () -> loops.get(0).listenTcp(address, factory.forLoop(loops.get(0)), backlog));
        }
        if (strategy.usesAcceptor()) {
            return listenWithAcceptor(address, backlog, 0, factory, strategy);
        }
        return listenOnEveryLoop(address, factory, backlog);
    }

    @Override
    public ListeningPort listenUnix(String path, GroupFactory factory, int mode, int backlog) throws IOException {
        return beforeOrWhileRunning(() -> listenUnixNow(path, factory, mode, backlog));
    }

    private ListeningPort listenUnixNow(String path, GroupFactory factory, int mode, int backlog) throws IOException {
        if (loops.size() == 1) {
            return onLoop(loops.get(0), () -> loops.get(0).listenUnix(path, factory.forLoop(loops.get(0)), mode, backlog));
        }
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a Unix domain socket needs a path (or @name)");
        }
        return listenWithAcceptor(UnixDomainSocketAddress.of(path), backlog, mode, factory,
                ListenStrategy.FEWEST_CONNECTIONS);
    }

    @Override
    public void run() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("a reactor group runs once");
            }
            started = true;
            running = true;
        }
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        if (acceptor != null) {
            // Nothing is handed over once the acceptor has finished: only then may the loops stop.
            threads.add(start(acceptor, "torsion-" + name + "-acceptor", failures, this::stopLoops));
        }
        for (int i = 1; i < loops.size(); i++) {
            threads.add(start(loops.get(i), "torsion-" + name + "-loop-" + i, failures, () -> { }));
        }
        runLoop(loops.get(0), failures, () -> { });
        for (Thread thread : threads) {
            joinUninterruptibly(thread);
        }
        handOver.closeUnclaimed();
        running = false;
        rethrowFirst(failures);
    }

    @Override
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        if (acceptor != null) {
            acceptor.stop(); // its thread stops the loops once it has finished
        } else {
            stopLoops();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void onUncaughtError(UncaughtErrorHandler handler) {
        for (EventLoop loop : loops) {
            loop.onUncaughtError(handler);
        }
        if (acceptor != null) {
            acceptor.onUncaughtError(handler);
        }
    }

    @Override
    public String toString() {
        return "ReactorGroup[" + name + " × " + loops.size() + "]";
    }

    // ---- listening -------------------------------------------------------------------------------

    /** One socket per loop with SO_REUSEPORT; the first fixes the port when 0 was asked for. */
    private ListeningPort listenOnEveryLoop(InetSocketAddress address, GroupFactory factory, int backlog)
            throws IOException {
        GroupPort port = new GroupPort(this::stopAll);
        InetSocketAddress at = address;
        try {
            for (EventLoop loop : loops) {
                InetSocketAddress bindTo = at;
                ListeningPort one = onLoop(loop, () -> loop.listenShared(bindTo, factory.forLoop(loop), backlog));
                port.add(loop, one::stopListening, one);
                at = (InetSocketAddress) one.address();
            }
        } catch (IOException | RuntimeException e) {
            port.stopListening();
            throw e;
        }
        return port;
    }

    /** One socket on the acceptor; each loop counts the factory as used while it listens. */
    private ListeningPort listenWithAcceptor(SocketAddress address, int backlog, int mode, GroupFactory factory,
            ListenStrategy strategy) throws IOException {
        GroupPort port = new GroupPort(this::stopAll);
        try {
            for (EventLoop loop : loops) {
                Factory mine = factory.forLoop(loop);
                onLoop(loop, () -> {
                    loop.holdFactory(mine);
                    return null;
                });
                port.add(loop, () -> loop.releaseFactory(mine), null);
            }
            ListeningPort accepting = onLoop(acceptor, () -> acceptor.listenHandingOver(address, backlog, mode,
                    handle -> handOver.handOver(handle, factory, strategy)));
            port.addFirst(acceptor, accepting);
        } catch (IOException | RuntimeException e) {
            port.stopListening();
            throw e;
        }
        return port;
    }

    /** Runs each of {@code port}'s stops on its own loop, waiting for them unless called from a loop. */
    private void stopAll(List<GroupPort.Part> parts) {
        synchronized (lifecycle) {
            if (!started) {
                parts.forEach(part -> part.stop().run());
                return;
            }
        }
        boolean wait = !onGroupThread();
        for (GroupPort.Part part : parts) {
            LoopCalls.run(part.loop(), true, part.stop(), wait);
        }
    }

    private <T> T onLoop(EventLoop loop, LoopCalls.Call<T> call) throws IOException {
        return LoopCalls.call(loop, started, call);
    }

    /** Runs a listen before the group starts (holding the start off meanwhile) or while it runs. */
    private ListeningPort beforeOrWhileRunning(LoopCalls.Call<ListeningPort> listen) throws IOException {
        checkCaller();
        synchronized (lifecycle) {
            if (!started) {
                return listen.call();
            }
        }
        return listen.call();
    }

    private void checkCaller() {
        if (onGroupThread()) {
            throw new IllegalStateException("listen on a reactor group before it runs, or from a thread"
                    + " that is not one of its loops, not on " + Thread.currentThread().getName());
        }
    }

    private boolean onGroupThread() {
        for (EventLoop loop : loops) {
            if (loop.isReactorThread()) {
                return true;
            }
        }
        return acceptor != null && acceptor.isReactorThread();
    }

    // ---- running ---------------------------------------------------------------------------------

    private void stopLoops() {
        for (EventLoop loop : loops) {
            loop.stop();
        }
    }

    private Thread start(EventLoop loop, String threadName, List<Throwable> failures, Runnable after) {
        Thread thread = new Thread(() -> runLoop(loop, failures, after), threadName);
        thread.start();
        return thread;
    }

    /** Runs one loop; if it fails, the group stops rather than running on short of a loop. */
    private void runLoop(EventLoop loop, List<Throwable> failures, Runnable after) {
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
            stop();
            stopLoops();
        } finally {
            after.run();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rethrowFirst(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        for (Throwable other : failures.subList(1, failures.size())) {
            first.addSuppressed(other);
        }
        if (first instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) first;
    }

    /** For tests and diagnostics: the connections each loop has now. */
    public int[] connectionCounts() {
        int[] counts = new int[loops.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = loops.get(i).connectionCount();
        }
        return counts;
    }
}
