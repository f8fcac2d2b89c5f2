package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher run as a child JVM on the test class path, with its standard error kept in a file.
 * Closing it kills the process (by its own handle) if it is still alive.
 */
final class Child implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path stderr;

    private Child(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    static Child start(Path dir, String... args) throws IOException {
        return start(dir, null, args);
    }

    /** A child whose working directory is {@code dir}, for apps given relative paths. */
    static Child startIn(Path dir, String... args) throws IOException {
        return start(dir, List.of(), null, dir, List.of(), args);
    }

    /** A child whose standard input is {@code input}, a regular file, rather than a pipe (when not null). */
    static Child start(Path dir, Path input, String... args) throws IOException {
        return start(dir, List.of(), input, null, List.of(), args);
    }

    /** A child with JVM options of its own (before the main class), and standard input from {@code input} when not null. */
    static Child start(Path dir, List<String> jvmOptions, Path input, String... args) throws IOException {
        return start(dir, jvmOptions, input, null, List.of(), args);
    }

    /** A child run by {@code wrapper} (for example {@code prlimit --fsize=N}), which execs the JVM. */
    static Child startUnder(Path dir, List<String> wrapper, String... args) throws IOException {
        return start(dir, List.of(), null, null, wrapper, args);
    }

    private static Child start(Path dir, List<String> jvmOptions, Path input, Path workingDir, List<String> wrapper,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                // Start fast: these children live for seconds on a machine shared with other builds.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                // What torsion.jar's manifest allows: jffi's native stub, without a JDK 22+ warning.
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Torsion.class.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        Process process = builder.start();
        return new Child(process, stderr);
    }

    Process process() {
        return process;
    }

    /** Sends SIGTERM. Through the process handle, unlike {@link Process#destroy()}, which also closes our end of its output. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The first line on standard output, without its line separator. */
    String readLine() throws Exception {
        return within(() -> {
            StringBuilder line = new StringBuilder();
            InputStream in = process.getInputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return line.length() == 0 ? null : line.toString();
                }
                line.append((char) b);
            }
            return line.toString();
        });
    }

    /** Everything left on standard output, up to the child's end of it. */
    String readRest() throws Exception {
        return within(() -> new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Waits for the child to exit and returns its exit code. */
    int exitCode() throws Exception {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("child did not exit within " + TIMEOUT.toSeconds() + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private <T> T within(IoCall<T> call) throws Exception {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no output from the child within " + TIMEOUT.toSeconds() + " s; stderr:\n" + stderr());
        } catch (ExecutionException e) {
            throw new AssertionError("reading the child's output failed", e.getCause());
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
