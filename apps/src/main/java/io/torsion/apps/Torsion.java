package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.api.endpoints.EndpointValues;
import io.torsion.api.endpoints.Endpoints;
import io.torsion.api.endpoints.StreamClientEndpoint;
import io.torsion.api.endpoints.StreamServerEndpoint;
import io.torsion.api.endpoints.TcpClientEndpoint;
import io.torsion.api.endpoints.TcpServerEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code torsion} launcher: {@code torsion APP [options]} runs one bundled app. A server prints
 * one ready line on standard output and runs until SIGINT or SIGTERM, then stops gracefully and
 * exits 0. Bad usage exits 2; an app that cannot start (port taken, log file unwritable) exits 1.
 */
@Command(name = "torsion", mixinStandardHelpOptions = true, version = "torsion 0.1.0",
        synopsisSubcommandLabel = "APP",
        subcommands = {DatagramCommands.UdpEcho.class, DatagramCommands.Multicast.class},
        description = "Runs one of the bundled torsion apps. 'torsion APP --help' describes each.")
public final class Torsion implements Callable<Integer> {

    /** How long a signal waits for the reactor to close every connection before giving up. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Torsion()).execute(args));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing APP: one of " + spec.subcommands().keySet());
    }

    @Command(name = "echo", mixinStandardHelpOptions = true,
            description = "Sends back every byte it receives, after a greeting. "
                    + "Port " + EchoServer.DEFAULT_PORT + " unless --port says otherwise.")
    int echo(@Mixin ServerOptions server,
            @Option(names = "--no-greeting", description = "Skip the 'currently N open connections' greeting.")
                    boolean noGreeting,
            @Option(names = "--upper", description = "Upper-case ASCII letters in what is echoed.") boolean upper) {
        return serve("echo", server, EchoServer.DEFAULT_PORT, reactor -> new EchoServer(!noGreeting, upper));
    }

    @Command(name = "chat", mixinStandardHelpOptions = true,
            description = "Private chat with nicknames and mailboxes. "
                    + "Port " + ChatServer.DEFAULT_PORT + " unless --port says otherwise.")
    int chat(@Mixin ServerOptions server,
            @Option(names = "--max-stored", paramLabel = "BYTES", defaultValue = "64MiB",
                    converter = OptionValues.Bytes.class,
                    description = "Bytes all mailboxes together may hold, as a number with an optional KiB, MiB"
                            + " or GiB; past it a sender gets 'server storage full, message not queued'"
                            + " (default: ${DEFAULT-VALUE}).") long maxStored,
            @Option(names = "--mailbox-ttl", paramLabel = "DURATION", defaultValue = "24h",
                    converter = OptionValues.TimeToLive.class,
                    description = "How long a mailbox for a name that is not online waits for its owner to log in,"
                            + " such as 90s, 30m, 24h or 7d (default: ${DEFAULT-VALUE}).") Duration mailboxTtl) {
        return serve("chat", server, ChatServer.DEFAULT_PORT,
                reactor -> new ChatServer(server.maxLine, maxStored, mailboxTtl, reactor));
    }

    @Command(name = "chatroom", mixinStandardHelpOptions = true,
            description = "A chat room: every line goes to every other member. "
                    + "Port " + ChatRoomServer.DEFAULT_PORT + " unless --port says otherwise.")
    int chatroom(@Mixin ServerOptions server,
            @Option(names = "--max-queue", paramLabel = "BYTES", defaultValue = "1048576",
                    converter = OptionValues.Positive.class,
                    description = "Drop a member with more than this many bytes unread (default: ${DEFAULT-VALUE}).")
                    int maxQueue) {
        return serve("chatroom", server, ChatRoomServer.DEFAULT_PORT,
                reactor -> new ChatRoomServer(server.maxLine, maxQueue));
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Appends every line it receives to a file, answering OK once it is written. "
                    + "Port " + LogServer.DEFAULT_PORT + " unless --port says otherwise.")
    int log(@Mixin ServerOptions server,
            @Option(names = "--file", paramLabel = "PATH", defaultValue = "torsion.log",
                    description = "File to append to (default: ${DEFAULT-VALUE}).") Path file,
            @Option(names = "--fsync", description = "Also sync lines to disk (one fdatasync per group of lines)"
                    + " before answering OK.") boolean fsync,
            @Option(names = "--max-pending", paramLabel = "BYTES", defaultValue = "8388608",
                    converter = OptionValues.Positive.class,
                    description = "Stop reading from clients while more than this many bytes wait for the disk"
                            + " (default: ${DEFAULT-VALUE}).") int maxPending) {
        // Fail before listening, with a message a user can act on, rather than on the first client.
        try {
            LogServer.checkWritable(file);
        } catch (IOException e) {
            System.err.println("torsion log: cannot open log file " + file + ": " + describe(e));
            return 1;
        }
        return serve("log", server, LogServer.DEFAULT_PORT,
                reactor -> new LogServer(reactor, file, fsync, server.maxLine, maxPending));
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Connects to ENDPOINT (such as tcp:host=example.org:port=1201) or to HOST PORT,"
                    + " sends standard input line by line, prints what comes back.")
    int client(@Parameters(index = "0", paramLabel = "ENDPOINT|HOST",
                    description = "A client endpoint string (docs/endpoints.md), or the server's host.") String target,
            @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", converter = OptionValues.Port.class,
                    description = "The server's port, after HOST.") Integer port,
            @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "2", converter = OptionValues.Seconds.class,
                    description = "After input ends, how long to wait for the server to close (default: ${DEFAULT-VALUE}).")
                    double linger,
            @Option(names = "--reactor", paramLabel = "NAME", converter = OptionValues.ReactorName.class,
                    completionCandidates = OptionValues.AvailableReactors.class,
                    description = "Backend to run on: ${COMPLETION-CANDIDATES} (default: the best available).")
                    String reactorName) {
        StreamClientEndpoint endpoint = clientEndpoint(target, port);
        Reactor reactor = newReactor(reactorName);
        LineClient client = new LineClient(reactor, endpoint, port == null ? target : HostPort.of(target, port),
                Duration.ofMillis(Math.round(linger * 1000)), System.console() != null, System.out, System.err);
        client.start();
        runUntilStopped(reactor);
        return client.exitCode();
    }

    /** {@code ENDPOINT}, or {@code HOST PORT} as a TCP endpoint; a usage error when it is neither. */
    private StreamClientEndpoint clientEndpoint(String target, Integer port) {
        try {
            if (port == null) {
                return Endpoints.clientFromString(target);
            }
            if (port == 0) {
                throw new IllegalArgumentException("'0' is not a port to connect to (1-65535)");
            }
            return new TcpClientEndpoint(EndpointValues.host(target), port, TcpClientEndpoint.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.subcommands().get("client"),
                    "Expected ENDPOINT or HOST PORT: " + e.getMessage());
        }
    }

    /** Listens with the factory {@code app} builds for the reactor (some apps schedule timers on it). */
    private static int serve(String app, ServerOptions options, int defaultPort, Function<Reactor, Factory> factoryFor) {
        Reactor reactor = newReactor(options.reactor);
        Factory factory = factoryFor.apply(reactor);
        List<ListeningPort> ports = new ArrayList<>();
        for (StreamServerEndpoint endpoint : options.endpoints(defaultPort)) {
            try {
                ports.add(endpoint.listen(reactor, factory));
            } catch (IOException | RuntimeException e) {
                System.err.println("torsion " + app + ": cannot listen on " + where(endpoint) + ": " + describe(e));
                ports.forEach(ListeningPort::stopListening);
                return 1;
            }
        }
        List<String> addresses = new ArrayList<>();
        ports.forEach(listening -> addresses.add(HostPort.of(listening.address())));
        ready(app, String.join(", ", addresses), reactor);
        return runUntilStopped(reactor);
    }

    /** Where {@code endpoint} listens, as a user would write it in a message. */
    private static String where(StreamServerEndpoint endpoint) {
        return endpoint instanceof TcpServerEndpoint tcp ? HostPort.of(tcp.host(), tcp.port()) : endpoint.toString();
    }

    /** The one ready line a server prints on standard output. */
    static void ready(String app, String address, Reactor reactor) {
        System.out.println("torsion " + app + " listening on " + address + " (reactor " + reactor.name() + ")");
        System.out.flush();
    }

    static Reactor newReactor(String name) {
        return name == null ? Reactors.createDefault() : Reactors.create(name);
    }

    /**
     * Runs the reactor until it stops by itself or a signal arrives. On SIGINT/SIGTERM a shutdown
     * hook stops the reactor on its own thread, waits for every connection to close and the
     * factories to stop, and ends the process with 0 (the JVM would otherwise report the signal).
     */
    static int runUntilStopped(Reactor reactor) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() == 0) {
                return; // the reactor stopped on its own; keep the exit code the app chose
            }
            reactor.callFromThread(reactor::stop);
            boolean clean = await(stopped);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(clean ? 0 : 1);
        }, "torsion-shutdown"));
        try {
            reactor.run();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
