package io.torsion.apps;

import io.torsion.api.GroupFactory;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The launcher's {@code files receive} and {@code files send}: the tutorial's file transfer. */
@Command(name = "files", mixinStandardHelpOptions = true,
        subcommands = {FileCommands.Receive.class, FileCommands.Send.class},
        description = "File transfer in the tutorial's format (a 48-byte header, then the body, per file):"
                + " 'files receive' stores what clients send, 'files send' sends files.")
final class FileCommands implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: receive or send");
    }

    @Command(name = "receive", mixinStandardHelpOptions = true,
            description = "Stores every file clients send in DIR under its base name. Port "
                    + FileReceiveServer.DEFAULT_PORT + " unless --port says otherwise.")
    static final class Receive implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory to store files in.")
        Path dir;

        @Option(names = "--overwrite", description = "Replace a file that exists (default: skip the incoming one).")
        boolean overwrite;

        @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "1GiB", converter = OptionValues.Bytes.class,
                description = "Largest file accepted, as a number with an optional KiB, MiB or GiB; a larger one"
                        + " closes the connection (default: ${DEFAULT-VALUE}).")
        long maxSize;

        @Override
        public Integer call() {
            try {
                FileReceiveServer.checkDirectory(dir);
            } catch (IOException e) {
                System.err.println("torsion files receive: cannot store files in " + dir + ": " + Torsion.describe(e));
                return 1;
            }
            // Each connection keeps its own state, so one factory serves every loop of --loops.
            return Torsion.serve("files receive", server.reactor, server.loops, server.endpoints(FileReceiveServer.DEFAULT_PORT),
                    GroupFactory.shared(new FileReceiveServer(dir, overwrite, maxSize, FileReceiveServer.LOG)));
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Sends each FILE to HOST PORT, one after another on one connection, then exits.")
    static final class Send implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST", description = "The server's host.")
        String host;

        @Parameters(index = "1", paramLabel = "PORT", converter = OptionValues.Port.class, description = "The server's port.")
        int port;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "FILE", description = "The files to send.")
        List<Path> files;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", converter = OptionValues.Seconds.class,
                description = "How long connecting may take (default: ${DEFAULT-VALUE}).")
        double timeout;

        @Mixin
        DatagramCommands.ReactorOption backend;

        @Override
        public Integer call() {
            if (port == 0) {
                throw new ParameterException(spec.commandLine(), "'0' is not a port to connect to (1-65535)");
            }
            Reactor reactor = Torsion.newReactor(backend.name);
            FileSendClient client;
            try {
                client = FileSendClient.open(reactor, files, System.out, System.err);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("torsion files send: " + Torsion.describe(e));
                return 1;
            }
            client.start(host, port, Duration.ofMillis(Math.round(timeout * 1000)));
            return Reactors.runUntilSignalled(reactor) ? 1 : client.exitCode();
        }
    }
}
