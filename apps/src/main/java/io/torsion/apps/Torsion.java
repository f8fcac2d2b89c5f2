package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
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
import java.util.concurrent.atomic.AtomicInteger;
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
 * The {@code torsion} launcher: {@code torsion APP [options]} runs one bundled app, an app found
 * through ServiceLoader ({@link io.torsion.api.App}), or with {@code run --factory CLASS} a factory of
 * the user's own. A server prints one ready line on standard output and runs until SIGINT or SIGTERM,
 * then stops gracefully and exits 0. Bad usage exits 2; an app that cannot start (port taken, log
 * file unwritable) exits 1.
 */
@Command(name = "torsion", mixinStandardHelpOptions = true, version = "torsion 0.1.0",
        synopsisSubcommandLabel = "APP",
        subcommands = {DatagramCommands.UdpEcho.class, DatagramCommands.Multicast.class, FileCommands.class},
        description = "Runs one of the bundled torsion apps, an app found on the class path, or a factory of your"
                + " own (run). 'torsion APP --help' describes each.")
public final class Torsion implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--help-reactors", description = "List every backend, whether it can run here, and why not.")
    boolean helpReactors;

    private final UserCode userCode;

    private Torsion(UserCode userCode) {
        this.userCode = userCode;
    }

    public static void main(String[] args) {
        // First: a signal during the slow start (native code, picocli) must not end the JVM with 143.
        Reactors.trapSignals();
        System.exit(commandLine(UserCode.find()).execute(args));
    }

    /** The launcher's command line: the bundled apps, then every app the user's code registers. */
    static CommandLine commandLine(UserCode userCode) {
        CommandLine line = new CommandLine(new Torsion(userCode));
        for (io.torsion.api.App app : userCode.apps()) {
            if (line.getSubcommands().containsKey(app.name())) {
                System.err.println("torsion: ignoring app '" + app.name() + "' (" + app.getClass().getName()
                        + "): the name is taken");
            } else {
                line.addSubcommand(app.name(), AppCommand.of(app));
            }
        }
        return line;
    }

    @Override
    public Integer call() {
        if (helpReactors) {
            ReactorListing.print(System.out);
            return 0;
        }
        throw new ParameterException(spec.commandLine(), "Missing APP: one of " + spec.subcommands().keySet());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Serves with a Factory of your own: a class with a public no-argument constructor, on the"
                    + " class path (-cp) or in a jar next to torsion.jar.")
    int run(@Option(names = "--factory", required = true, paramLabel = "CLASS",
                    description = "The factory's class name, such as com.example.KvFactory.") String factoryClass,
            @Option(names = "--listen", required = true, paramLabel = "ENDPOINT",
                    converter = OptionValues.ServerEndpoint.class,
                    description = "Listen on this endpoint, such as tcp:6379 or tcp:6379:interface=0.0.0.0;"
                            + " repeat for several.") List<StreamServerEndpoint> listen,
            @Option(names = "--reactor", paramLabel = "NAME", converter = OptionValues.ReactorName.class,
                    completionCandidates = OptionValues.AvailableReactors.class,
                    description = "Backend to run on: ${COMPLETION-CANDIDATES} (default: the best available).")
                    String reactorName,
            @Option(names = "--loops", paramLabel = "N", defaultValue = "1", converter = OptionValues.Positive.class,
                    description = "Serve on N event loops (default: ${DEFAULT-VALUE}); with more than one, the one"
                            + " factory serves them all and must be thread-safe.") int loops) {
        Factory factory;
        try {
            factory = userCode.factory(factoryClass);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.subcommands().get("run"), e.getMessage());
        }
        return serve("run", reactorName, loops, listen, GroupFactory.shared(factory));
    }

    @Command(name = "echo", mixinStandardHelpOptions = true,
            description = "Sends back every byte it receives, after a greeting. "
                    + "Port " + EchoServer.DEFAULT_PORT + " unless --port says otherwise.")
    int echo(@Mixin ServerOptions server,
            @Option(names = "--no-greeting", description = "Skip the 'currently N open connections' greeting.")
                    boolean noGreeting,
            @Option(names = "--upper", description = "Upper-case ASCII letters in what is echoed.") boolean upper) {
        AtomicInteger open = new AtomicInteger(); // the greeting counts the connections of every loop
        return serve("echo", server, EchoServer.DEFAULT_PORT, reactor -> new EchoServer(!noGreeting, upper, open));
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
        return serve("chat", server, ChatServer.DEFAULT_PORT, ChatServer.perLoop(server.maxLine, maxStored, mailboxTtl));
    }

    @Command(name = "chatroom", mixinStandardHelpOptions = true,
            description = "A chat room: every line goes to every other member. "
                    + "Port " + ChatRoomServer.DEFAULT_PORT + " unless --port says otherwise.")
    int chatroom(@Mixin ServerOptions server,
            @Option(names = "--max-queue", paramLabel = "BYTES", defaultValue = "1048576",
                    converter = OptionValues.Positive.class,
                    description = "Drop a member with more than this many bytes unread (default: ${DEFAULT-VALUE}).")
                    int maxQueue) {
        return serve("chatroom", server, ChatRoomServer.DEFAULT_PORT, ChatRoomServer.perLoop(server.maxLine, maxQueue));
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
        // One file for every loop: each loop commits its own groups of lines, one whole batch at a time.
        SharedLogFile shared = new SharedLogFile();
        return serve("log", server, LogServer.DEFAULT_PORT,
                reactor -> new LogServer(reactor, file, fsync, server.maxLine, maxPending, shared));
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
            @Option(names = "--raw",
                    description = "Send standard input unchanged (default: end each line with \\r\\n, as telnet does).")
                    boolean raw,
            @Option(names = "--reactor", paramLabel = "NAME", converter = OptionValues.ReactorName.class,
                    completionCandidates = OptionValues.AvailableReactors.class,
                    description = "Backend to run on: ${COMPLETION-CANDIDATES} (default: the best available).")
                    String reactorName) {
        StreamClientEndpoint endpoint = clientEndpoint(target, port);
        Reactor reactor = newReactor(reactorName);
        LineClient client = new LineClient(reactor, endpoint, port == null ? target : HostPort.of(target, port),
                Duration.ofMillis(Math.round(linger * 1000)), raw, System.console() != null, System.out, System.err);
        client.start();
        // After a signal the exit status is 0, whatever state the connection was in.
        return Reactors.runUntilSignalled(reactor) ? 0 : client.exitCode();
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

    /**
     * A bundled server on its options' endpoints, or its own port, and on {@code --loops} loops:
     * {@code factoryFor} is called once per loop with that loop (some apps schedule timers on it),
     * and the factory it returns serves the connections living on that loop only.
     */
    private static int serve(String app, ServerOptions options, int defaultPort, Function<Reactor, Factory> factoryFor) {
        return serve(app, options.reactor, options.loops, options.endpoints(defaultPort), GroupFactory.perLoop(factoryFor));
    }

    /**
     * Listens on every endpoint with {@code factory} on a group of {@code loops} loops, prints the
     * ready line, and runs until a signal.
     */
    static int serve(String app, String reactorName, int loops, List<StreamServerEndpoint> endpoints,
            GroupFactory factory) {
        ReactorGroup group = reactorName == null ? Reactors.createDefaultGroup(loops)
                : Reactors.createGroup(reactorName, loops);
        List<ListeningPort> ports = new ArrayList<>();
        for (StreamServerEndpoint endpoint : endpoints) {
            try {
                ports.add(endpoint.listen(group, factory));
            } catch (IOException | RuntimeException e) {
                System.err.println("torsion " + app + ": cannot listen on " + where(endpoint) + ": " + describe(e));
                ports.forEach(ListeningPort::stopListening);
                return 1;
            }
        }
        List<String> addresses = new ArrayList<>();
        ports.forEach(listening -> addresses.add(HostPort.of(listening.address())));
        ready(app, String.join(", ", addresses), group.loops().get(0), loops);
        Reactors.runUntilSignalled(group);
        return 0;
    }

    /** Where {@code endpoint} listens, as a user would write it in a message. */
    private static String where(StreamServerEndpoint endpoint) {
        return endpoint instanceof TcpServerEndpoint tcp ? HostPort.of(tcp.host(), tcp.port()) : endpoint.toString();
    }

    /** The one ready line a server prints on standard output. */
    static void ready(String app, String address, Reactor reactor) {
        ready(app, address, reactor, 1);
    }

    /** The ready line of a server on {@code loops} loops: {@code (reactor NAME, N loops)} when more than one. */
    static void ready(String app, String address, Reactor reactor, int loops) {
        System.out.println("torsion " + app + " listening on " + address + " (reactor " + reactor.name()
                + (loops > 1 ? ", " + loops + " loops" : "") + ")");
        System.out.flush();
    }

    /** Runs the reactor until it stops by itself or a signal stops it gracefully; exit status 0 either way. */
    static int runUntilStopped(Reactor reactor) {
        Reactors.runUntilSignalled(reactor);
        return 0;
    }

    static Reactor newReactor(String name) {
        return name == null ? Reactors.createDefault() : Reactors.create(name);
    }

    static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
