package io.torsion.spi;

import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionAborted;
import io.torsion.api.Connector;
import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import io.torsion.api.DelayedCall;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.ShutdownPhase;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor loop every backend shares: the thread, timers, tasks from other threads, shutdown,
 * and the bookkeeping of ports, connections and factories. A backend adds only the wait for
 * readiness ({@link #poll}), the wake-up ({@link #wakeup}) and how to open sockets.
 *
 * <p>One turn of the loop: run tasks handed over by other threads and tasks deferred by this one,
 * wait for readiness (no longer than the next timer, not at all when tasks are pending), let the
 * backend dispatch what is ready, run the timers that are due.
 */
public abstract class EventLoop implements Reactor {

    /** Size of the one read buffer per reactor: a whole socket receive queue in one read, usually. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;

    /** How long a graceful stop waits for connections to flush before aborting them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private enum Phase { NEW, RUNNING, STOPPING, STOPPED }

    static {
        // Rare paths (closing, errors, fd exhaustion) must not need a class file opened later.
        ClassPreloader.preload(EventLoop.class, "io.torsion.api");
        ClassPreloader.preload(EventLoop.class, "io.torsion.spi");
    }

    private final String name;
    private final TimerHeap timers = new TimerHeap(System::nanoTime);
    private final ConcurrentLinkedQueue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> soon = new ArrayDeque<>();
    /** True while the loop is awake (or a wake-up is already on its way): hand-overs need not wake it. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean(true);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final BufferPool bufferPool = new BufferPool();
    private final Set<StreamTransport> connections = new LinkedHashSet<>();
    private final Set<PortListener> ports = new LinkedHashSet<>();
    private final Set<DatagramPort> datagramPorts = new LinkedHashSet<>();
    private final Set<TcpConnector> connectors = new LinkedHashSet<>();
    private final Map<Factory, Integer> factoryUsers = new IdentityHashMap<>();
    private final Map<ShutdownPhase, List<Runnable>> triggers = new EnumMap<>(ShutdownPhase.class);
    private final ThreadPool pool;
    private volatile Phase phase = Phase.NEW;
    private volatile boolean stopRequested;
    private volatile Thread thread;
    private long stopDeadline;

    protected EventLoop(String name) {
        this.name = name;
        this.pool = new ThreadPool(name, this::callFromThread,
                t -> log.error("{}: a task run with callInThread threw", name, t));
        for (ShutdownPhase p : ShutdownPhase.values()) {
            triggers.put(p, new ArrayList<>());
        }
    }

    // ---- what a backend provides -----------------------------------------------------------

    /**
     * Waits up to {@code timeoutNanos} (0: do not block; -1: no limit) for readiness and dispatches
     * every ready socket to its transport or listener. Returns early when {@link #wakeup()} is called.
     */
    protected abstract void poll(long timeoutNanos) throws IOException;

    /** Makes a blocked {@link #poll} return. Called from any thread. */
    protected abstract void wakeup();

    /** Opens, binds and registers a listening socket. */
    protected abstract PortListener openListener(InetSocketAddress address, int backlog, Factory factory)
            throws IOException;

    /** Opens a socket and starts a non-blocking connect to {@code remote}. */
    protected abstract StreamTransport openConnection(InetSocketAddress remote) throws IOException;

    /**
     * Opens and binds a non-blocking UDP socket (SO_REUSEADDR first when {@code reuseAddress}) whose
     * receive buffers hold {@code maxPacketSize} bytes per datagram and report longer ones as truncated.
     */
    protected abstract UdpHandle openUdp(InetSocketAddress address, boolean reuseAddress, int maxPacketSize)
            throws IOException;

    /** Opens and binds a non-blocking Unix datagram socket at {@code path}, as {@link #openUdp}. */
    protected abstract DatagramHandle openUnixDatagram(UnixDomainSocketAddress path, int maxPacketSize)
            throws IOException;

    /** Releases the backend's own resources after the loop ended (selector, epoll fd, memory). */
    protected abstract void closeBackend();

    // ---- Reactor --------------------------------------------------------------------------

    @Override
    public final String name() {
        return name;
    }

    @Override
    public ListeningPort listenTcp(int port, Factory factory) throws IOException {
        return listenTcp(new InetSocketAddress(port), factory);
    }

    @Override
    public ListeningPort listenTcp(InetSocketAddress address, Factory factory) throws IOException {
        return listenTcp(address, factory, DEFAULT_BACKLOG);
    }

    @Override
    public ListeningPort listenTcp(InetSocketAddress address, Factory factory, int backlog) throws IOException {
        checkThread();
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        PortListener listener = openListener(address, backlog, factory);
        ports.add(listener);
        factoryStarting(factory);
        listener.beginAccepting();
        log.debug("{} listening on {}", name, listener.address());
        return listener;
    }

    @Override
    public UdpTransport listenUdp(InetSocketAddress address, DatagramProtocol protocol, int maxPacketSize)
            throws IOException {
        return startUdp(address, false, protocol, maxPacketSize);
    }

    @Override
    public UdpTransport listenMulticast(int port, DatagramProtocol protocol, boolean reuseAddress) throws IOException {
        return startUdp(new InetSocketAddress(port), reuseAddress, protocol, DEFAULT_MAX_PACKET_SIZE);
    }

    private UdpTransport startUdp(InetSocketAddress address, boolean reuse, DatagramProtocol protocol, int maxPacketSize)
            throws IOException {
        checkThread();
        checkDatagramArguments(protocol, maxPacketSize);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        UdpHandle handle = openUdp(address, reuse, maxPacketSize);
        return startDatagram(handle, () -> new UdpPort(this, handle, maxPacketSize), protocol);
    }

    @Override
    public DatagramTransport listenUnixDatagram(Path path, DatagramProtocol protocol) throws IOException {
        checkThread();
        checkDatagramArguments(protocol, DEFAULT_MAX_PACKET_SIZE);
        DatagramHandle handle = openUnixDatagram(UnixDomainSocketAddress.of(path), DEFAULT_MAX_PACKET_SIZE);
        return startDatagram(handle, () -> new DatagramPort(this, handle, DEFAULT_MAX_PACKET_SIZE), protocol);
    }

    private interface PortMaker<P extends DatagramPort> {
        P make() throws IOException;
    }

    private <P extends DatagramPort> P startDatagram(DatagramHandle handle, PortMaker<P> maker, DatagramProtocol protocol)
            throws IOException {
        P port;
        try {
            port = maker.make();
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
        datagramPorts.add(port);
        port.start(protocol);
        log.debug("{} serving datagrams on {}", name, port.getHost());
        return port;
    }

    private static void checkDatagramArguments(DatagramProtocol protocol, int maxPacketSize) {
        if (protocol == null) {
            throw new NullPointerException("protocol");
        }
        if (maxPacketSize < 1 || maxPacketSize > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("maxPacketSize must be 1 to " + MAX_UDP_PAYLOAD + ": " + maxPacketSize);
        }
    }

    @Override
    public Connector connectTcp(String host, int port, ClientFactory factory, Duration timeout) {
        checkThread();
        TcpConnector connector = new TcpConnector(this, host, port, factory,
                timeout == null ? Duration.ofSeconds(30) : timeout);
        connector.connect();
        return connector;
    }

    @Override
    public final DelayedCall callLater(Duration delay, Runnable task) {
        checkThread();
        return timers.schedule(delay, task);
    }

    @Override
    public final long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public final void callFromThread(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        if (phase == Phase.STOPPED) {
            return;
        }
        handedOver.add(task);
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            wakeup();
        }
    }

    @Override
    public final void callInThread(Runnable task) {
        pool.execute(task);
    }

    @Override
    public final <T> CompletionStage<T> deferToThread(Callable<T> task) {
        return pool.defer(task);
    }

    @Override
    public final void configureThreadPool(int threads, int maxQueued) {
        pool.configure(threads, maxQueued);
    }

    @Override
    public void attachStandardInput(Protocol protocol) {
        checkThread();
        StandardInputReader.attach(this, protocol);
    }

    @Override
    public final void addShutdownTrigger(ShutdownPhase when, Runnable task) {
        triggers.get(when).add(task);
    }

    @Override
    public final boolean isRunning() {
        Phase p = phase;
        return p == Phase.RUNNING || p == Phase.STOPPING;
    }

    @Override
    public final boolean isReactorThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public final void stop() {
        stopRequested = true;
        if (Thread.currentThread() != thread) {
            wakeup();
        }
    }

    @Override
    public final void run() {
        synchronized (this) {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("a reactor runs once; this one is " + phase);
            }
            phase = Phase.RUNNING;
        }
        thread = Thread.currentThread();
        try {
            loop();
        } finally {
            pool.close(); // idempotent; ends idle pool threads when run() ends without a shutdown
            timers.clear();
            handedOver.clear();
            soon.clear();
            phase = Phase.STOPPED;
            try {
                closeBackend();
            } catch (RuntimeException e) {
                log.warn("{}: releasing the backend failed", name, e);
            }
        }
    }

    // ---- for backends and the shared transport ---------------------------------------------

    /** The reactor's one read buffer; valid only for the read in progress. */
    public final ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** The pool that write queues of this reactor draw their chunks from. */
    public final BufferPool bufferPool() {
        return bufferPool;
    }

    /** Runs {@code task} on this thread at the start of the next loop turn (before waiting). */
    public final void runSoon(Runnable task) {
        soon.add(task);
    }

    /** The connections open now; for tests and diagnostics. */
    public final int connectionCount() {
        return connections.size();
    }

    final void connectionOpened(StreamTransport transport) {
        connections.add(transport);
    }

    final void connectionClosed(StreamTransport transport) {
        connections.remove(transport);
    }

    final void datagramPortStopped(DatagramPort port) {
        datagramPorts.remove(port);
    }

    final void connectorStarted(TcpConnector connector) {
        connectors.add(connector);
    }

    final void connectorFinished(TcpConnector connector) {
        connectors.remove(connector);
    }

    final void portStopped(PortListener listener) {
        if (ports.remove(listener)) {
            factoryStopping(listener.factory());
        }
    }

    /** Counts one more user (a port or a connection attempt) of {@code factory}; starts it on the first. */
    final void factoryStarting(Factory factory) {
        int users = factoryUsers.merge(factory, 1, Integer::sum);
        if (users == 1) {
            try {
                factory.startFactory();
            } catch (RuntimeException e) {
                log.error("{}: startFactory of {} threw", name, factory, e);
            }
        }
    }

    /** Counts one user of {@code factory} less; stops it after the last. */
    final void factoryStopping(Factory factory) {
        Integer users = factoryUsers.get(factory);
        if (users == null) {
            return;
        }
        if (users == 1) {
            factoryUsers.remove(factory);
            try {
                factory.stopFactory();
            } catch (RuntimeException e) {
                log.error("{}: stopFactory of {} threw", name, factory, e);
            }
        } else {
            factoryUsers.put(factory, users - 1);
        }
    }

    // ---- the loop ----------------------------------------------------------------------------

    private void loop() {
        // One call per turn: the JIT compiles turn() as soon as it is hot, whereas the body of a
        // loop that never returns waits for on-stack replacement (tens of thousands of turns,
        // seconds under load) and runs interpreted until then.
        while (turn()) {
            // the turn did the work
        }
    }

    /** One turn of the loop; false once the reactor has shut down. */
    private boolean turn() {
        runTasks();
        if (stopRequested && phase == Phase.RUNNING) {
            beginShutdown();
            runTasks();
        }
        if (phase == Phase.STOPPING && (connections.isEmpty() && pool.isQuiet()
                || System.nanoTime() - stopDeadline >= 0)) {
            finishShutdown();
            return false;
        }
        long timeout = waitTimeout();
        try {
            poll(timeout);
        } catch (IOException e) {
            log.error("{}: waiting for readiness failed; stopping", name, e);
            stopRequested = true;
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            log.error("{}: unexpected error while dispatching events", name, e);
        }
        // Awake again. A release store is enough: a thread that still reads false only makes
        // one needless wake-up, and waitTimeout's full-fence set(false) cannot move above it.
        wakeupPending.lazySet(true);
        if (timers.size() > 0) {
            timers.runDue(System.nanoTime()); // no clock read on turns without timers
        }
        return true;
    }

    /**
     * How long poll may block: not at all with work pending, else until the next deadline. Clears
     * the wake-up flag first and then looks at the hand-over queue again, so a task handed over in
     * between either is seen here or wakes the poll.
     */
    private long waitTimeout() {
        if (!soon.isEmpty() || !handedOver.isEmpty() || stopRequested && phase == Phase.RUNNING) {
            return 0;
        }
        wakeupPending.set(false);
        if (!handedOver.isEmpty() || stopRequested && phase == Phase.RUNNING) {
            return 0;
        }
        long deadline = timers.nextDeadline();
        if (phase == Phase.STOPPING) {
            deadline = Math.min(deadline, stopDeadline);
        }
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        return Math.max(0, deadline - System.nanoTime());
    }

    private void runTasks() {
        if (soon.isEmpty() && handedOver.isEmpty()) {
            return; // the usual turn; ConcurrentLinkedQueue.size() walks the queue
        }
        Runnable task;
        int budget = handedOver.size() + soon.size();
        while (budget-- > 0) {
            task = soon.poll();
            if (task == null) {
                task = handedOver.poll();
            }
            if (task == null) {
                break;
            }
            runTask(task);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            log.error("{}: task {} threw", name, task, e);
        }
    }

    private void beginShutdown() {
        phase = Phase.STOPPING;
        runTriggers(ShutdownPhase.BEFORE);
        for (PortListener port : new ArrayList<>(ports)) {
            port.stopListening();
        }
        for (DatagramPort port : new ArrayList<>(datagramPorts)) {
            port.stopListening();
        }
        for (TcpConnector connector : new ArrayList<>(connectors)) {
            connector.stopConnecting();
        }
        runTriggers(ShutdownPhase.DURING);
        pool.close();
        for (StreamTransport connection : new ArrayList<>(connections)) {
            connection.loseConnection();
        }
        stopDeadline = System.nanoTime() + STOP_GRACE.toNanos();
    }

    private void finishShutdown() {
        // A connectionLost may have started a new attempt (a reconnecting factory); stop those too.
        for (TcpConnector connector : new ArrayList<>(connectors)) {
            connector.stopConnecting();
        }
        for (StreamTransport connection : new ArrayList<>(connections)) {
            connection.close(new ConnectionAborted("reactor stopped before the connection flushed"));
        }
        // connectionLost and the factories' bookkeeping run as deferred tasks; run them all.
        int rounds = 0;
        while (!soon.isEmpty() && rounds++ < 1000) {
            runTasks();
        }
        for (Factory factory : new ArrayList<>(factoryUsers.keySet())) {
            factoryUsers.put(factory, 1);
            factoryStopping(factory);
        }
        runTriggers(ShutdownPhase.AFTER);
        runTasks();
    }

    private void runTriggers(ShutdownPhase when) {
        List<Runnable> list = new ArrayList<>(triggers.get(when));
        triggers.get(when).clear();
        list.forEach(this::runTask);
    }

    private void checkThread() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread() && phase != Phase.STOPPED) {
            throw new IllegalStateException(
                    "call this on the reactor thread (use callFromThread), not on " + Thread.currentThread().getName());
        }
    }

    /** Connections tracked now (a copy), for the backends' diagnostics. */
    protected final Set<StreamTransport> openConnections() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(connections));
    }
}
