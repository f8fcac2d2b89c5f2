package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs nobody on this project wrote (openssl, python3, curl), run as the other end of a
 * connection. A missing program fails the test with what to install: the CI script installs them,
 * and a test that quietly skipped would hide a missing feature.
 */
final class External implements Closeable {

    /** What a finished program left: exit status and its output. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private External(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code command} with {@code stdin} as its input until it exits, failing the test after {@code timeout}. */
    static Result run(Duration timeout, String stdin, String... command) throws IOException, InterruptedException {
        External program = start(command);
        try (program) {
            program.process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            program.process.getOutputStream().close();
            if (!program.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(command[0] + " did not finish within " + timeout + ": " + program.output());
            }
            return program.output();
        }
    }

    /** Starts {@code command}; its output goes to temporary files. Stop it with {@link #close()}. */
    static External start(String... command) throws IOException {
        Path out = Files.createTempFile("torsion-external-", ".out");
        Path err = Files.createTempFile("torsion-external-", ".err");
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new External(p, out, err);
        } catch (IOException e) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            throw new AssertionError(command[0] + " is needed for this interoperability test and could not be run ("
                    + e.getMessage() + "); install it (Debian: apt-get install openssl python3 curl)", e);
        }
    }

    /** Waits until a line of standard output starts with {@code prefix}, and returns it. */
    String awaitLine(String prefix, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(out), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                fail("program exited before printing " + prefix + ": " + output());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no line starting with " + prefix + " within " + timeout + ": " + output());
    }

    /** Writes {@code line} and a newline to the program's standard input. */
    void writeLine(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the program to exit by itself, failing the test after {@code timeout}. */
    Result awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("program did not exit within " + timeout + ": " + output());
        }
        return output();
    }

    Result output() throws IOException {
        return new Result(process.isAlive() ? -1 : process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
