package io.torsion.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bundled server run as {@code java -jar torsion.jar APP ...}, a child of the soak. Its ready line
 * names where it listens; its standard error (warnings and errors only) is kept in a file.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("torsion \\S+ listening on (.*) \\(reactor (\\S+)\\)");

    private final Process process;
    private final Path stderr;
    private final List<String> addresses;
    private final String reactor;

    private ServerProcess(Process process, Path stderr, List<String> addresses, String reactor) {
        this.process = process;
        this.stderr = stderr;
        this.addresses = addresses;
        this.reactor = reactor;
    }

    /** Starts {@code torsion.jar} with {@code args} and waits up to 120 s for its ready line. */
    static ServerProcess start(Path jar, List<String> jvmOptions, List<String> args, Path stderr)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // Per-connection INFO lines would run to gigabytes; warnings and errors are what the soak reads.
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> firstLine(process));
        try {
            String line = ready.get(120, TimeUnit.SECONDS);
            Matcher m = line == null ? null : READY.matcher(line);
            if (m == null || !m.matches()) {
                process.destroyForcibly();
                throw new IOException("no ready line from " + args + " (got " + line + "): " + lastLines(stderr));
            }
            return new ServerProcess(process, stderr, List.of(m.group(1).split(", ")), m.group(2));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("no ready line from " + args + " within 120 s: " + lastLines(stderr), e);
        }
    }

    private static String firstLine(Process process) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            // The ready line is all it prints there; drain the rest so it can never block on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "server-stdout");
            drain.setDaemon(true);
            drain.start();
            return line;
        } catch (IOException e) {
            return null;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Where it listens, in the order of its {@code --listen} options. */
    List<String> addresses() {
        return addresses;
    }

    String reactor() {
        return reactor;
    }

    Path stderr() {
        return stderr;
    }

    /** SIGTERM, then its exit status within {@code seconds}; -1 if it had to be killed. */
    int stop(int seconds) throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (process.waitFor(seconds, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(seconds, TimeUnit.SECONDS);
        return -1;
    }

    /** The exit status of a process that ended by itself, or null while it runs. */
    Integer exitStatus() {
        return process.isAlive() ? null : process.exitValue();
    }

    static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no standard error: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(30);
        }
    }
}
