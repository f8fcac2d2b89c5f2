package io.torsion.spi;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionAborted;
import io.torsion.api.Connector;
import io.torsion.api.DatagramProtocol;
import io.torsion.api.DatagramTransport;
import io.torsion.api.DelayedCall;
import io.torsion.api.Factory;
import io.torsion.api.HostResolver;
import io.torsion.api.ListeningPort;
import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessTransport;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.ShutdownPhase;
import io.torsion.api.UncaughtErrorHandler;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor loop every backend shares: the thread, timers, tasks from other threads, shutdown,
 * and the bookkeeping of ports, connections and factories. A backend adds only the wait for
 * readiness ({@link #poll}), the wake-up ({@link #wakeup}) and, per kind of socket it supports, a
 * {@link StreamOpener} ({@link #supportStream}). Every connection is born through {@link #adopt}.
 *
 * <p>One turn of the loop: run tasks handed over by other threads and tasks deferred by this one,
 * wait for readiness (no longer than the next timer, not at all when tasks are pending), let the
 * backend dispatch what is ready, run the timers that are due.
 */
public abstract class EventLoop implements Reactor {

    /** Size of the one read buffer per reactor: a whole socket receive queue in one read, usually. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;

    /** Chunks handed to one gathering write: 64 × 16 KiB covers any socket send buffer. */
    private static final int GATHER_LIMIT = 64;

    /** What every use of a stopped reactor says, on every backend. */
    static final String STOPPED = "reactor is stopped";

    /** How long a graceful stop waits for connections to flush before aborting them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final Duration POOL_TRIM_PERIOD = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private enum Phase { NEW, RUNNING, STOPPING, STOPPED }

    static {
        // Rare paths (closing, errors, fd exhaustion) must not need a class file opened later.
        ClassPreloader.preload(EventLoop.class, "io.torsion.api");
        ClassPreloader.preload(EventLoop.class, "io.torsion.spi");
    }

    private final String name;
    private final TimerHeap timers = new TimerHeap(System::nanoTime, this::uncaughtError);
    private final ConcurrentLinkedQueue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> soon = new ArrayDeque<>();
    /** True while the loop is awake (or a wake-up is already on its way): hand-overs need not wake it. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean(true);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final BufferPool bufferPool = new BufferPool();
    private boolean poolTrimScheduled;
    /** One gathering write's chunks; shared, since one write runs at a time on this thread. */
    private final ByteBuffer[] gather = new ByteBuffer[GATHER_LIMIT];
    /** Connections written to this turn, flushed when its dispatch ends (a connection may repeat). */
    private final ArrayList<StreamConnection> written = new ArrayList<>();
    private final Map<Class<?>, StreamOpener<?>> openers = new HashMap<>();
    private DatagramOpener<InetSocketAddress, ? extends UdpHandle> udpOpener;
    private DatagramOpener<UnixDomainSocketAddress, ? extends DatagramHandle> unixDatagramOpener;
    /** Open connections: a list threaded through the connections themselves. */
    private StreamConnection firstConnection;
    /** Written on this thread only; volatile so a group's acceptor can read the load. */
    private volatile int connectionCount;
    private final Set<PortListener> ports = new LinkedHashSet<>();
    private final Set<DatagramPort> datagramPorts = new LinkedHashSet<>();
    private final Set<StreamConnector> connectors = new LinkedHashSet<>();
    private final Map<Factory, Integer> factoryUsers = new IdentityHashMap<>();
    private final Map<ShutdownPhase, List<Runnable>> triggers = new EnumMap<>(ShutdownPhase.class);
    private volatile UncaughtErrorHandler errorHandler = UncaughtErrorHandler.standard();
    private final ThreadPool pool;
    private volatile HostResolver resolver = HostResolver.SYSTEM;
    private volatile Phase phase = Phase.NEW;
    private volatile boolean stopRequested;
    private volatile Thread thread;
    private long stopDeadline;

    protected EventLoop(String name) {
        this.name = name;
        this.pool = new ThreadPool(name, this::callFromThread, this::poolTaskThrew);
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

    /**
     * Supports stream sockets with addresses of {@code type} ({@code InetSocketAddress},
     * {@code UnixDomainSocketAddress}): how a backend adds a kind of socket. Called from the
     * backend's constructor.
     */
    protected final <A extends SocketAddress> void supportStream(Class<A> type, StreamOpener<A> opener) {
        openers.put(type, opener);
    }

    /**
     * Two connected Unix domain stream sockets, as handles of this backend, for {@link #socketPair}.
     * Both bundled backends have them; the default says the backend has not.
     */
    protected StreamHandle[] openSocketPair() throws IOException {
        throw new UnsupportedOperationException("the " + name + " backend has no socket pairs");
    }

    /**
     * How this backend starts child processes: by default {@link ThreadedLauncher} (ProcessBuilder
     * and helper threads); a backend that can watch pipes and hear of an exit itself overrides this.
     */
    protected ProcessLauncher processLauncher() {
        return new ThreadedLauncher(this);
    }

    /** Supports UDP sockets: {@code listenUdp} and {@code listenMulticast}. Called from the backend's constructor. */
    protected final void supportUdp(DatagramOpener<InetSocketAddress, ? extends UdpHandle> opener) {
        udpOpener = opener;
    }

    /** Supports Unix datagram sockets: {@code listenUnixDatagram}. Called from the backend's constructor. */
    protected final void supportUnixDatagram(DatagramOpener<UnixDomainSocketAddress, ? extends DatagramHandle> opener) {
        unixDatagramOpener = opener;
    }

    /** Releases the backend's own resources after the loop ended (selector, epoll fd, memory). */
    protected abstract void closeBackend();

    // ---- Reactor --------------------------------------------------------------------------

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ListeningPort listenTcp(int port, Factory factory) throws IOException {
        return listenTcp(new InetSocketAddress(port), factory);
    }

    @Override
    public final ListeningPort listenTcp(InetSocketAddress address, Factory factory, int backlog) throws IOException {
        return listen(address, factory, backlog, 0);
    }

    @Override
    public final ListeningPort listenUnix(String path, Factory factory, int mode, int backlog) throws IOException {
        return listen(unixAddress(path), factory, backlog, mode);
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
        if (udpOpener == null) {
            throw new UnsupportedOperationException("the " + name + " backend has no UDP sockets");
        }
        UdpHandle handle = udpOpener.open(address, reuse, maxPacketSize);
        return startDatagram(handle, () -> new UdpPort(this, handle, maxPacketSize), protocol);
    }

    @Override
    public DatagramTransport listenUnixDatagram(Path path, DatagramProtocol protocol) throws IOException {
        checkThread();
        checkDatagramArguments(protocol, DEFAULT_MAX_PACKET_SIZE);
        if (unixDatagramOpener == null) {
            throw new UnsupportedOperationException("the " + name + " backend has no Unix datagram sockets");
        }
        DatagramHandle handle = unixDatagramOpener.open(UnixDomainSocketAddress.of(path), false, DEFAULT_MAX_PACKET_SIZE);
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
            port.register();
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
    public final Connector connectTcp(String host, int port, ClientFactory factory, Duration timeout) {
        return connect(InetSocketAddress.createUnresolved(host, port), new HostDestination(host, port, this::resolver),
                factory, timeout);
    }

    @Override
    public final void installResolver(HostResolver resolver) {
        checkThread();
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    private HostResolver resolver() {
        return resolver;
    }

    @Override
    public final Connector connectUnix(String path, ClientFactory factory, Duration timeout) {
        UnixDomainSocketAddress address = unixAddress(path);
        return connect(address, () -> address, factory, timeout);
    }

    @Override
    public final DelayedCall callLater(Duration delay, Runnable task) {
        checkThread();
        return timers.schedule(delay, task);
    }

    /**
     * Makes a connection of {@code handle} (accepted, one end of a pair, a pipe, a handle another
     * loop accepted) with {@code protocol}: registers it, calls {@code makeConnection} and starts
     * reading. The one way an open connection is born. A handle that cannot be registered is closed.
     */
    public final void adopt(StreamHandle handle, Protocol protocol) {
        StreamConnection connection = new StreamConnection(this, handle, null);
        try {
            connection.register();
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot watch {}; closing it", name, handle, e);
            connection.discard();
            return;
        }
        connection.start(protocol);
    }

    /**
     * Makes a connection of {@code accepted} for {@code factory}: asks the factory for a protocol
     * (null, or an exception, refuses the connection and closes the handle) and adopts it.
     * On this loop's thread; the handle is this loop's (a group moves it here first).
     */
    public final void adoptAccepted(StreamHandle accepted, Factory factory) {
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(accepted.remoteAddress());
        } catch (RuntimeException e) {
            uncaughtError(accepted.remoteAddress() + ": buildProtocol of " + factory + " threw; refusing the connection", e);
            protocol = null;
        }
        if (protocol == null) {
            accepted.close();
            return;
        }
        if (protocol instanceof BaseProtocol base && base.factory() == null) {
            base.setFactory(factory);
        }
        adopt(accepted, protocol);
    }

    /**
     * Listens at {@code address} with {@code SO_REUSEPORT}, so that each loop of a group has a socket
     * of its own on one port; otherwise as {@link #listenTcp(InetSocketAddress, Factory, int)}.
     */
    public final ListeningPort listenShared(InetSocketAddress address, Factory factory, int backlog) throws IOException {
        checkListen(backlog);
        return startListening(opener(address).listenShared(address, backlog), factory, null);
    }

    /**
     * Listens at {@code address} for a group's acceptor: every accepted handle goes to
     * {@code handOver}, on this thread, and belongs to it from then on. No factory is involved here.
     */
    public final ListeningPort listenHandingOver(SocketAddress address, int backlog, int mode,
            Consumer<StreamHandle> handOver) throws IOException {
        checkListen(backlog);
        return startListening(opener(address).listen(address, backlog, mode), null, handOver);
    }

    /**
     * Counts {@code factory} as used by this loop although no port of its own listens with it: a
     * group's acceptor hands this loop connections for it. Starts it on the first use, like a port;
     * this loop's thread, or before it runs.
     */
    public final void holdFactory(Factory factory) {
        checkThread();
        factoryStarting(factory);
    }

    /** Undoes one {@link #holdFactory}; while stopping, the shutdown stops the factory after the connections. */
    public final void releaseFactory(Factory factory) {
        if (phase != Phase.STOPPING && phase != Phase.STOPPED) {
            factoryStopping(factory);
        }
    }

    /** True once the loop has finished: it takes no more tasks. */
    public final boolean isStopped() {
        return phase == Phase.STOPPED;
    }

    /**
     * True until asked to stop, also before the loop's thread has started (what is handed to it then
     * waits for its first turn): a group hands new connections only to such a loop.
     */
    public final boolean takesConnections() {
        Phase p = phase;
        return (p == Phase.NEW || p == Phase.RUNNING) && !stopRequested;
    }

    /** Opens a socket to {@code remote} and adopts it as a connection under way, for {@code connector}. */
    final StreamConnection openConnection(SocketAddress remote, StreamConnector connector) throws IOException {
        StreamHandle handle = opener(remote).connect(remote);
        StreamConnection connection = new StreamConnection(this, handle, connector);
        try {
            connection.register();
        } catch (IOException | RuntimeException e) {
            connection.discard();
            throw e;
        }
        // A connect may complete at once (or a Unix one always does): look without waiting for an event.
        runSoon(connection::onWritable);
        return connection;
    }

    @Override
    public final void socketPair(Protocol a, Protocol b) throws IOException {
        checkThread();
        StreamHandle[] ends = openSocketPair();
        adopt(ends[0], a);
        adopt(ends[1], b);
    }

    @Override
    public final ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> argv, Map<String, String> env,
            Path workingDirectory) throws IOException {
        checkThread();
        if (protocol == null) {
            throw new NullPointerException("protocol");
        }
        return processLauncher().launch(new ProcessRequest(argv, env, workingDirectory), protocol);
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
    public final void attachStandardInput(Protocol protocol) {
        checkThread();
        if (!watchStandardInput(protocol)) {
            StandardInputReader.attach(this, protocol);
        }
    }

    /**
     * Adopts standard input as a stream of this backend if it can watch it; false (having changed
     * nothing) when it cannot, and a helper thread reads it instead.
     */
    protected boolean watchStandardInput(Protocol protocol) {
        return false;
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
    public final void onUncaughtError(UncaughtErrorHandler handler) {
        errorHandler = handler != null ? handler : UncaughtErrorHandler.standard();
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

    /**
     * Reports an exception that user code threw on the reactor thread to the handler set with
     * {@link #onUncaughtError}; a handler that throws is reported, with the original, through the
     * standard one. Never throws.
     */
    public final void uncaughtError(String context, Throwable error) {
        UncaughtErrorHandler handler = errorHandler;
        try {
            handler.uncaughtError(context, error);
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            e.addSuppressed(error);
            UncaughtErrorHandler.standard().uncaughtError(
                    name + ": the uncaught-error handler threw while reporting: " + context, e);
        }
    }

    /** A callInThread task threw on a pool thread: report it on the reactor thread while there is one. */
    private void poolTaskThrew(Throwable error) {
        String context = name + ": a task run with callInThread threw";
        if (phase == Phase.STOPPED) {
            UncaughtErrorHandler.standard().uncaughtError(context, error);
        } else {
            callFromThread(() -> uncaughtError(context, error));
        }
    }

    /** The reactor's one read buffer; valid only for the read in progress. */
    public final ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** The array one gathering write fills; the writer clears it afterwards. */
    final ByteBuffer[] gatherArray() {
        return gather;
    }

    /** The pool that write queues of this reactor draw their chunks from. */
    public final BufferPool bufferPool() {
        return bufferPool;
    }

    /**
     * The write queues' pool keeps what its busiest moment of a period needed; a trim once a
     * period while it holds more than its floor gives a finished burst's chunks back. No timer
     * runs while the pool is at its floor, so an idle reactor does not wake for it.
     */
    private void schedulePoolTrim() {
        poolTrimScheduled = true;
        timers.schedule(POOL_TRIM_PERIOD, () -> {
            poolTrimScheduled = false;
            bufferPool.trim();
            if (bufferPool.holdsSurplus()) {
                schedulePoolTrim();
            }
        });
    }

    /** Lists {@code connection} for the end of this turn's dispatch, when its gathered writes go out. */
    final void writeLater(StreamConnection connection) {
        written.add(connection);
    }

    /**
     * Sends what this turn's writes gathered, one gathering write per connection, before the loop
     * waits again: after each dispatch, and after the tasks and timers that ran before a wait.
     */
    private void flushPending() {
        // By index: a producer resumed by a flush may write, listing more connections.
        for (int i = 0; i < written.size(); i++) {
            written.get(i).out.flushPending();
        }
        written.clear();
    }

    /** Runs {@code task} on this thread at the start of the next loop turn (before waiting). */
    public final void runSoon(Runnable task) {
        soon.add(task);
    }

    /** The connections open now; for tests and diagnostics. */
    public final int connectionCount() {
        return connectionCount;
    }

    final void connectionOpened(StreamConnection connection) {
        connection.next = firstConnection;
        if (firstConnection != null) {
            firstConnection.previous = connection;
        }
        firstConnection = connection;
        connectionCount++;
    }

    final void connectionClosed(StreamConnection connection) {
        StreamConnection before = connection.previous;
        StreamConnection after = connection.next;
        if (before == null && firstConnection != connection) {
            return; // not listed
        }
        if (before != null) {
            before.next = after;
        } else {
            firstConnection = after;
        }
        if (after != null) {
            after.previous = before;
        }
        connection.previous = null;
        connection.next = null;
        connectionCount--;
    }

    final void datagramPortStopped(DatagramPort port) {
        datagramPorts.remove(port);
    }

    final void connectorStarted(StreamConnector connector) {
        connectors.add(connector);
    }

    final void connectorFinished(StreamConnector connector) {
        connectors.remove(connector);
    }

    final void portStopped(PortListener listener) {
        // While shutting down, the factory stays started until its connections closed: finishShutdown stops it.
        if (ports.remove(listener) && phase != Phase.STOPPING) {
            factoryStopping(listener.factory());
        }
    }

    /** Counts one more user (a port or a connection attempt) of {@code factory}; starts it on the first. */
    final void factoryStarting(Factory user) {
        Factory factory = LayeredFactory.innermost(user);
        int users = factoryUsers.merge(factory, 1, Integer::sum);
        if (users == 1) {
            try {
                factory.startFactory();
            } catch (RuntimeException e) {
                uncaughtError(name + ": startFactory of " + factory + " threw", e);
            }
        }
    }

    /** Counts one user of {@code factory} less; stops it after the last. */
    final void factoryStopping(Factory user) {
        Factory factory = LayeredFactory.innermost(user);
        Integer users = factoryUsers.get(factory);
        if (users == null) {
            return;
        }
        if (users == 1) {
            factoryUsers.remove(factory);
            try {
                factory.stopFactory();
            } catch (RuntimeException e) {
                uncaughtError(name + ": stopFactory of " + factory + " threw", e);
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
        if (phase == Phase.STOPPING && (connectionCount == 0 && pool.isQuiet()
                || System.nanoTime() - stopDeadline >= 0)) {
            finishShutdown();
            return false;
        }
        flushPending(); // what tasks and timers wrote
        long timeout = waitTimeout();
        try {
            poll(timeout);
            flushPending(); // the end of the dispatch: what the callbacks wrote
            if (!poolTrimScheduled && bufferPool.holdsSurplus()) {
                schedulePoolTrim();
            }
        } catch (IOException e) {
            log.error("{}: waiting for readiness failed; stopping", name, e);
            stopRequested = true;
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            uncaughtError(name + ": unexpected error while dispatching events", e);
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
            uncaughtError(name + ": task " + task + " threw", e);
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
        for (StreamConnector connector : new ArrayList<>(connectors)) {
            connector.stopConnecting();
        }
        runTriggers(ShutdownPhase.DURING);
        pool.close();
        for (StreamConnection connection : openConnections()) {
            connection.loseAtStop();
        }
        stopDeadline = System.nanoTime() + STOP_GRACE.toNanos();
    }

    private void finishShutdown() {
        // A connectionLost may have started a new attempt (a reconnecting factory); stop those too.
        for (StreamConnector connector : new ArrayList<>(connectors)) {
            connector.stopConnecting();
        }
        for (StreamConnection connection : openConnections()) {
            connection.close(new ConnectionAborted("reactor stopped before the connection flushed"));
        }
        written.clear();
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

    private ListeningPort listen(SocketAddress address, Factory factory, int backlog, int mode) throws IOException {
        checkListen(backlog);
        return startListening(opener(address).listen(address, backlog, mode), factory, null);
    }

    private void checkListen(int backlog) {
        checkThread();
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
    }

    /** Accepts on {@code handle} for {@code factory}, or, with {@code handOver}, for a group's acceptor. */
    private ListeningPort startListening(ListenerHandle handle, Factory factory, Consumer<StreamHandle> handOver)
            throws IOException {
        Consumer<StreamHandle> accepted = handOver != null ? handOver : next -> adoptAccepted(next, factory);
        PortListener listener = new PortListener(this, handle, factory, accepted);
        try {
            listener.beginAccepting();
        } catch (IOException | RuntimeException e) {
            listener.stopListening();
            throw e;
        }
        ports.add(listener);
        if (factory != null) {
            factoryStarting(factory);
        }
        log.debug("{} listening on {}", name, listener.address());
        return listener;
    }

    private Connector connect(SocketAddress shown, StreamConnector.Destination where, ClientFactory factory,
            Duration timeout) {
        checkThread();
        StreamConnector connector = new StreamConnector(this, shown, where, factory,
                timeout == null ? Duration.ofSeconds(30) : timeout);
        connector.connect();
        return connector;
    }

    @SuppressWarnings("unchecked")
    private <A extends SocketAddress> StreamOpener<A> opener(A address) throws IOException {
        StreamOpener<A> opener = (StreamOpener<A>) openers.get(address.getClass());
        if (opener == null) {
            throw new IOException("the " + name + " backend has no stream sockets for " + address.getClass().getSimpleName());
        }
        return opener;
    }

    private static UnixDomainSocketAddress unixAddress(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a Unix domain socket needs a path (or @name)");
        }
        return UnixDomainSocketAddress.of(path);
    }

    /**
     * Fails a call on {@code connection} from a thread that is not this loop's (another loop of a
     * group, say) with a message that says what to do instead.
     */
    final void checkOwnThread(StreamConnection connection, String call) {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException(call + " to " + connection.getPeer() + " called on "
                    + Thread.currentThread().getName() + ", not on its reactor thread " + t.getName()
                    + "; hand it over with transport.reactor().callFromThread(task)");
        }
    }

    /** Fails every use of a reactor that has stopped, in the same words on every backend. */
    private void checkThread() {
        if (phase == Phase.STOPPED) {
            throw new IllegalStateException(STOPPED);
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException(
                    "call this on the reactor thread (use callFromThread), not on " + Thread.currentThread().getName());
        }
    }

    /** Connections tracked now (a copy). */
    final List<StreamConnection> openConnections() {
        List<StreamConnection> all = new ArrayList<>(connectionCount);
        for (StreamConnection c = firstConnection; c != null; c = c.next) {
            all.add(c);
        }
        return all;
    }
}
