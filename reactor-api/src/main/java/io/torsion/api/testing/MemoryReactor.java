package io.torsion.api.testing;

import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionDone;
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
import io.torsion.api.UdpTransport;
import io.torsion.api.UncaughtErrorHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Reactor} with no sockets and no thread of its own, like Twisted's
 * {@code MemoryReactorClock}: it records every {@code listenTcp} and {@code connectTcp} call and
 * lets the test play the network, completing or failing each pending connection by hand, and its
 * time is a {@link ManualClock}. Datagram ports ({@code listenUdp}, {@code listenMulticast},
 * {@code listenUnixDatagram}) are recorded too, each a {@link RecordingDatagramTransport}.
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * factory.start(reactor);                                   // code under test calls connectTcp
 * MemoryReactor.ConnectCall call = reactor.tcpConnects().get(0);
 * call.fail(new ConnectionRefused("refused"));              // clientConnectionFailed
 * reactor.advance(Duration.ofSeconds(3));                   // a reconnecting factory retries
 * StringTransport wire = call.complete();                   // buildProtocol, connectionMade
 * }</pre>
 *
 * <p><b>Connections.</b> A {@link ConnectCall} is the {@link Connector} the code under test got;
 * it counts attempts (a retry through {@link Connector#connect()} makes it pending again), and
 * {@link ConnectCall#complete()} connects the protocol to a {@link StringTransport} whose
 * {@code loseConnectionNow} then also tells the factory ({@code clientConnectionLost}).
 * {@link ListenCall#accept()} makes an incoming connection the same way.
 *
 * <p><b>Time and tasks.</b> Timers run when the test calls {@link #advance}; tasks handed over with
 * {@code callFromThread} (safe from any thread) run at the start of the next {@link #advance} or
 * {@link #runPending()}. Pool tasks ({@code callInThread}, {@code deferToThread}) wait, within the
 * pool's configured bound, until {@link #runThreadTasks()} runs them on the test thread.
 *
 * <p><b>Lifecycle.</b> {@link #run()} returns at once (the test drives the reactor); {@link #stop()}
 * runs the shutdown triggers around stopping the ports, giving up pending attempts and closing open
 * connections with {@link ConnectionDone}. It does not call {@code startFactory} or
 * {@code stopFactory}: a test calls those itself if it cares. Not thread-safe except for
 * {@code callFromThread}.
 */
public final class MemoryReactor implements Reactor {

    /** The first port handed out for a listen on port 0, as a kernel would pick a free one. */
    public static final int FIRST_FREE_PORT = 40000;

    private enum Phase { NEW, RUNNING, STOPPED }

    /** A pool task waiting for {@link #runThreadTasks()}. */
    private record ThreadTask(Callable<?> work, CompletableFuture<Object> stage) {
    }

    private final ManualClock clock;
    private final Thread owner = Thread.currentThread();
    private final ConcurrentLinkedQueue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
    private final List<ListenCall> listens = new ArrayList<>();
    private final List<ConnectCall> connects = new ArrayList<>();
    private final List<DatagramListen> datagramListens = new ArrayList<>();
    private final List<List<StringTransport>> socketPairs = new ArrayList<>();
    private final Map<ShutdownPhase, List<Runnable>> triggers = new EnumMap<>(ShutdownPhase.class);
    private final ArrayDeque<ThreadTask> threadTasks = new ArrayDeque<>();
    private int poolThreads = 4;
    private int poolQueued = 256;
    private int nextPort = FIRST_FREE_PORT;
    private int nextPeerPort = 50000;
    private StringTransport standardInput;
    private Phase phase = Phase.NEW;
    private HostResolver resolver = HostResolver.SYSTEM;
    private volatile UncaughtErrorHandler errorHandler;

    /** A memory reactor on a fresh {@link ManualClock}. */
    public MemoryReactor() {
        this(new ManualClock());
    }

    /** A memory reactor whose time is {@code clock}. */
    public MemoryReactor(ManualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (ShutdownPhase p : ShutdownPhase.values()) {
            triggers.put(p, new ArrayList<>());
        }
    }

    // ---- what the test drives ----

    /** The clock this reactor's timers run on. */
    public ManualClock clock() {
        return clock;
    }

    /** Runs the tasks handed over so far, then moves time by {@code amount}; returns how many timers ran. */
    public int advance(Duration amount) {
        runHandedOver();
        return clock.advance(amount);
    }

    /** Runs the tasks handed over and the timers already due, without moving time. */
    public int runPending() {
        return advance(Duration.ZERO);
    }

    /** Every {@code listenTcp} call so far, in order. */
    public List<ListenCall> tcpListens() {
        return listens.stream().filter(l -> l.address() instanceof InetSocketAddress).toList();
    }

    /** Every {@code listenUnix} call so far, in order. */
    public List<ListenCall> unixListens() {
        return listens.stream().filter(l -> l.address() instanceof UnixDomainSocketAddress).toList();
    }

    /** One {@code listenUdp}, {@code listenMulticast} or {@code listenUnixDatagram} call and the port it returned. */
    public record DatagramListen(String kind, SocketAddress address, DatagramProtocol protocol,
            RecordingDatagramTransport transport) {
    }

    /** Every datagram listen so far ({@code udp}, {@code multicast}, {@code unixgram}), in order. */
    public List<DatagramListen> datagramListens() {
        return List.copyOf(datagramListens);
    }

    /** Every {@code connectTcp} call so far, in order (one entry per call; retries reuse it). */
    public List<ConnectCall> tcpConnects() {
        return connects.stream().filter(c -> c.port() >= 0).toList();
    }

    /** Every {@code connectUnix} call so far, in order; {@link ConnectCall#host()} is the path. */
    public List<ConnectCall> unixConnects() {
        return connects.stream().filter(c -> c.port() < 0).toList();
    }

    /** Pool tasks waiting for {@link #runThreadTasks()}. */
    public int pendingThreadTasks() {
        return threadTasks.size();
    }

    /**
     * Runs every waiting pool task on the calling thread, in order, completing each
     * {@code deferToThread} stage with its result or what it threw. Returns how many ran.
     */
    public int runThreadTasks() {
        int ran = 0;
        ThreadTask task;
        while ((task = threadTasks.poll()) != null) {
            ran++;
            try {
                Object value = task.work().call();
                if (task.stage() != null) {
                    task.stage().complete(value);
                }
            } catch (Exception e) {
                if (task.stage() == null) {
                    throw new IllegalStateException("a callInThread task threw", e);
                }
                task.stage().completeExceptionally(e);
            }
        }
        return ran;
    }

    /** The transport standard input was attached to, or null before {@link #attachStandardInput}. */
    public StringTransport standardInput() {
        return standardInput;
    }

    // ---- Reactor ----

    @Override
    public ListeningPort listenTcp(int port, Factory factory) {
        return listenTcp(new InetSocketAddress(port), factory);
    }

    @Override
    public ListeningPort listenTcp(InetSocketAddress address, Factory factory) {
        return listenTcp(address, factory, DEFAULT_BACKLOG);
    }

    /** Records the call; {@link ListenCall#backlog()} says what was asked. */
    @Override
    public ListeningPort listenTcp(InetSocketAddress address, Factory factory, int backlog) {
        Objects.requireNonNull(factory, "factory");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1: " + backlog);
        }
        InetSocketAddress bound = address.getPort() == 0
                ? new InetSocketAddress(address.getAddress(), nextPort++) : address;
        ListenCall call = new ListenCall(bound, factory, backlog);
        listens.add(call);
        return call;
    }

    /** Records the call; the port is a {@link RecordingDatagramTransport}, started at once. */
    @Override
    public UdpTransport listenUdp(InetSocketAddress address, DatagramProtocol protocol, int maxPacketSize) {
        InetSocketAddress bound = address.getPort() == 0
                ? new InetSocketAddress(address.getAddress(), nextPort++) : address;
        return listenDatagrams("udp", bound, protocol, maxPacketSize);
    }

    @Override
    public UdpTransport listenMulticast(int port, DatagramProtocol protocol, boolean reuseAddress) {
        return listenDatagrams("multicast", new InetSocketAddress(port == 0 ? nextPort++ : port), protocol,
                DEFAULT_MAX_PACKET_SIZE);
    }

    @Override
    public DatagramTransport listenUnixDatagram(Path path, DatagramProtocol protocol) {
        return listenDatagrams("unixgram", UnixDomainSocketAddress.of(path), protocol, DEFAULT_MAX_PACKET_SIZE);
    }

    private RecordingDatagramTransport listenDatagrams(String kind, SocketAddress address, DatagramProtocol protocol,
            int maxPacketSize) {
        RecordingDatagramTransport transport = RecordingDatagramTransport.start(
                Objects.requireNonNull(protocol, "protocol"), address, maxPacketSize);
        datagramListens.add(new DatagramListen(kind, address, protocol, transport));
        return transport;
    }

    /** Records the call; {@link #unixListens()} lists it. */
    @Override
    public ListeningPort listenUnix(String path, Factory factory, int mode, int backlog) {
        ListenCall call = new ListenCall(UnixDomainSocketAddress.of(path), Objects.requireNonNull(factory, "factory"),
                backlog);
        listens.add(call);
        return call;
    }

    /** Records the call; {@link #unixConnects()} lists it, with the path as its host and port -1. */
    @Override
    public Connector connectUnix(String path, ClientFactory factory, Duration timeout) {
        ConnectCall call = new ConnectCall(path, -1, factory, timeout == null ? Duration.ofSeconds(30) : timeout);
        connects.add(call);
        call.connect();
        return call;
    }

    /** Records the pair and connects each end to a {@link StringTransport} of its own; see {@link #socketPairs()}. */
    @Override
    public void socketPair(Protocol a, Protocol b) {
        socketPairs.add(List.of(StringTransport.connect(a, clock), StringTransport.connect(b, clock)));
    }

    /** The two ends of every {@code socketPair} call, in order; the test carries bytes between them. */
    public List<List<StringTransport>> socketPairs() {
        return List.copyOf(socketPairs);
    }

    /**
     * Not simulated: a child process is not a connection a test can complete by hand. Test a
     * {@link ProcessProtocol} by calling its callbacks, or run it on a real reactor.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, List<String> argv, Map<String, String> env,
            Path workingDirectory) {
        throw new UnsupportedOperationException("MemoryReactor starts no processes: " + argv);
    }

    @Override
    public Connector connectTcp(String host, int port, ClientFactory factory, Duration timeout) {
        ConnectCall call = new ConnectCall(host, port, factory, timeout == null ? Duration.ofSeconds(30) : timeout);
        connects.add(call);
        call.connect();
        return call;
    }

    /** Stored only ({@link #resolver()}): this reactor connects to no address. */
    @Override
    public void installResolver(HostResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The resolver installed last ({@link HostResolver#SYSTEM} before any). */
    public HostResolver resolver() {
        return resolver;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        return clock.callLater(delay, task);
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public void callFromThread(Runnable task) {
        handedOver.add(Objects.requireNonNull(task, "task"));
    }

    @Override
    public void callInThread(Runnable task) {
        Objects.requireNonNull(task, "task");
        queueThreadTask(new ThreadTask(() -> {
            task.run();
            return null;
        }, null));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> deferToThread(Callable<T> task) {
        CompletableFuture<Object> stage = new CompletableFuture<>();
        queueThreadTask(new ThreadTask(Objects.requireNonNull(task, "task"), stage));
        return (CompletionStage<T>) stage;
    }

    @Override
    public void configureThreadPool(int threads, int maxQueued) {
        if (threads < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("threads must be at least 1 and maxQueued not negative: "
                    + threads + ", " + maxQueued);
        }
        poolThreads = threads;
        poolQueued = maxQueued;
    }

    /** Returns at once: a test moves time and completes connections itself. */
    @Override
    public void run() {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("a reactor runs once; this one is " + phase);
        }
        phase = Phase.RUNNING;
    }

    /** Records {@code handler}; {@link #uncaughtErrorHandler()} returns it, so a test can check what was set. */
    @Override
    public void onUncaughtError(UncaughtErrorHandler handler) {
        errorHandler = Objects.requireNonNull(handler, "handler");
    }

    /** The handler last given to {@link #onUncaughtError}, or null when none was. */
    public UncaughtErrorHandler uncaughtErrorHandler() {
        return errorHandler;
    }

    @Override
    public void stop() {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPED;
        runTriggers(ShutdownPhase.BEFORE);
        listens.forEach(ListenCall::stopListening);
        datagramListens.forEach(d -> d.transport().stopListening());
        connects.forEach(ConnectCall::stopConnecting);
        runTriggers(ShutdownPhase.DURING);
        for (ConnectCall call : connects) {
            if (call.transport != null) {
                call.transport.loseConnectionNow(new ConnectionDone());
            }
        }
        for (ListenCall listen : listens) {
            listen.accepted.forEach(t -> t.loseConnectionNow(new ConnectionDone()));
        }
        RejectedExecutionException why = new RejectedExecutionException("the reactor stopped before this task started");
        ThreadTask task;
        while ((task = threadTasks.poll()) != null) {
            if (task.stage() != null) {
                task.stage().completeExceptionally(why);
            }
        }
        runTriggers(ShutdownPhase.AFTER);
    }

    @Override
    public void attachStandardInput(Protocol protocol) {
        standardInput = StringTransport.connect(protocol, clock);
    }

    @Override
    public void addShutdownTrigger(ShutdownPhase when, Runnable task) {
        triggers.get(when).add(Objects.requireNonNull(task, "task"));
    }

    @Override
    public boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    /** True on the thread that made this reactor. */
    @Override
    public boolean isReactorThread() {
        return Thread.currentThread() == owner;
    }

    @Override
    public String name() {
        return "memory";
    }

    private void queueThreadTask(ThreadTask task) {
        if (phase == Phase.STOPPED) {
            throw new RejectedExecutionException("memory: the reactor stopped; its thread pool takes no more work");
        }
        if (threadTasks.size() >= poolThreads + poolQueued) {
            throw new RejectedExecutionException("memory: thread pool full (" + poolThreads + " threads busy, "
                    + poolQueued + " tasks queued)");
        }
        threadTasks.add(task);
    }

    private void runHandedOver() {
        Runnable task;
        int budget = handedOver.size(); // tasks handed over by these tasks wait for the next call
        while (budget-- > 0 && (task = handedOver.poll()) != null) {
            task.run();
        }
    }

    private void runTriggers(ShutdownPhase when) {
        List<Runnable> list = new ArrayList<>(triggers.get(when));
        triggers.get(when).clear();
        list.forEach(Runnable::run);
    }

    private InetSocketAddress nextPeer() {
        return new InetSocketAddress("127.0.0.1", nextPeerPort++);
    }

    /** One {@code listenTcp} call: the port it returned, and the connections the test accepted on it. */
    public final class ListenCall implements ListeningPort {
        private final SocketAddress address;
        private final Factory factory;
        private final int backlog;
        private final List<StringTransport> accepted = new ArrayList<>();
        private boolean listening = true;

        ListenCall(SocketAddress address, Factory factory, int backlog) {
            this.address = address;
            this.factory = factory;
            this.backlog = backlog;
        }

        /** The backlog asked for. */
        public int backlog() {
            return backlog;
        }

        /** The factory passed to {@code listenTcp}. */
        public Factory factory() {
            return factory;
        }

        /**
         * A client connects: builds the protocol with the factory (for a new peer address each
         * time) and connects it to a new {@link StringTransport}, which is returned.
         *
         * @throws IllegalStateException when the port stopped listening or the factory refused
         */
        public StringTransport accept() {
            if (!listening) {
                throw new IllegalStateException("port " + address + " is not listening");
            }
            StringTransport transport = new StringTransport(clock);
            transport.setPeer(nextPeer());
            if (address instanceof InetSocketAddress inet) {
                transport.setHost(inet);
            }
            transport.attachBuiltBy(factory);
            accepted.add(transport);
            return transport;
        }

        /** The connections accepted so far. */
        public List<StringTransport> accepted() {
            return List.copyOf(accepted);
        }

        @Override
        public SocketAddress address() {
            return address;
        }

        @Override
        public void stopListening() {
            listening = false;
        }

        @Override
        public boolean isListening() {
            return listening;
        }

        @Override
        public String toString() {
            return "ListenCall[" + address + ", " + factory + (listening ? "" : ", stopped") + "]";
        }
    }

    /** What a {@link ConnectCall}'s current attempt is doing. */
    public enum AttemptState {
        /** Waiting for the test to {@link ConnectCall#complete()} or {@link ConnectCall#fail} it. */
        PENDING,
        /** Connected to a {@link StringTransport}. */
        CONNECTED,
        /** Failed, or stopped; {@code connect()} starts another attempt. */
        FAILED,
        /** Was connected and has closed; {@code connect()} starts another attempt. */
        LOST
    }

    /** One {@code connectTcp} call, and the {@link Connector} the caller got: the fake connector. */
    public final class ConnectCall implements Connector {
        private final String host;
        private final int port;
        private final ClientFactory factory;
        private final Duration timeout;
        private AttemptState state = AttemptState.FAILED;
        private int attempts;
        private StringTransport transport;

        ConnectCall(String host, int port, ClientFactory factory, Duration timeout) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            this.factory = Objects.requireNonNull(factory, "factory");
            this.timeout = timeout;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public ClientFactory factory() {
            return factory;
        }

        /** The connect timeout asked for (30 s when null was passed). */
        public Duration timeout() {
            return timeout;
        }

        /** How many attempts were started: the first, then one per {@code connect()} that retried. */
        public int attempts() {
            return attempts;
        }

        public AttemptState state() {
            return state;
        }

        /** The transport of the connection made by {@link #complete()}, or null. */
        public StringTransport transport() {
            return transport;
        }

        /**
         * The pending attempt succeeds: the factory builds the protocol, which is connected to a new
         * {@link StringTransport} (returned). When that transport loses the connection, the factory
         * hears {@code clientConnectionLost}.
         *
         * @throws IllegalStateException when no attempt is pending or the factory returned null
         */
        public StringTransport complete() {
            requirePending();
            StringTransport made = new StringTransport(clock);
            if (destination() instanceof InetSocketAddress inet) {
                made.setPeer(inet);
            }
            made.afterLost(reason -> {
                state = AttemptState.LOST;
                factory.clientConnectionLost(this, reason);
            });
            state = AttemptState.CONNECTED;
            transport = made;
            made.attachBuiltBy(factory);
            return made;
        }

        /**
         * The pending attempt fails with {@code reason} (which may be null, as a careless transport
         * might pass): the factory hears {@code clientConnectionFailed}.
         *
         * @throws IllegalStateException when no attempt is pending
         */
        public void fail(Throwable reason) {
            requirePending();
            state = AttemptState.FAILED;
            factory.clientConnectionFailed(this, reason);
        }

        /** Starts another attempt unless one is pending or connected; the factory hears {@code startedConnecting}. */
        @Override
        public void connect() {
            if (state == AttemptState.PENDING || state == AttemptState.CONNECTED) {
                return;
            }
            state = AttemptState.PENDING;
            transport = null;
            attempts++;
            factory.startedConnecting(this);
        }

        /** Fails a pending attempt as a real connector does, with an {@link IOException}. */
        @Override
        public void stopConnecting() {
            if (state == AttemptState.PENDING) {
                fail(new IOException("connection attempt to " + host + ":" + port + " was stopped"));
            }
        }

        /** Asks the connection to close ({@code loseConnection}); the test finishes it with {@code loseConnectionNow}. */
        @Override
        public void disconnect() {
            if (state == AttemptState.CONNECTED) {
                transport.loseConnection();
            } else {
                stopConnecting();
            }
        }

        @Override
        public SocketAddress destination() {
            return port < 0 ? UnixDomainSocketAddress.of(host) : InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public Reactor reactor() {
            return MemoryReactor.this;
        }

        private void requirePending() {
            if (state != AttemptState.PENDING) {
                throw new IllegalStateException("no attempt to " + host + ":" + port + " is pending; it is " + state);
            }
        }

        @Override
        public String toString() {
            return "ConnectCall[" + host + ":" + port + ", " + state + ", attempt " + attempts + "]";
        }
    }
}
