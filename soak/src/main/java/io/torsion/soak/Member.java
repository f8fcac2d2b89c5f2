package io.torsion.soak;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A line source read on a thread of its own, so that it is always drained (a chat-room member that
 * stops reading is rightly dropped) while its owner waits for one particular line.
 */
final class Member implements AutoCloseable {

    /** Reads the next line, null at the end. */
    interface Lines {
        String next() throws IOException;
    }

    private static final String END = new String("end of stream");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final AutoCloseable resource;
    private final Conn conn;
    private volatile IOException failure;
    private volatile boolean ended;

    Member(String name, Lines source, AutoCloseable resource) {
        this(name, source, resource, null);
    }

    private Member(String name, Lines source, AutoCloseable resource, Conn conn) {
        this.resource = resource;
        this.conn = conn;
        reader = new Thread(() -> {
            try {
                for (String line = source.next(); line != null; line = source.next()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                failure = e;
            }
            ended = true;
            lines.add(END);
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** A chat-room member over a connection whose deadline the reader never lets pass while open. */
    static Member of(Conn conn) {
        conn.deadline(Duration.ofDays(1));
        return new Member("member-" + conn.link(), conn::readLine, conn, conn);
    }

    /** Whether the other side has closed (or reset) the member's connection, and how. */
    String state() {
        if (!ended) {
            return "connected";
        }
        return failure == null ? "closed by the server" : "ended by " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** Sends a line on the member's connection (reading goes on on the reader thread). */
    void writeLine(String line) throws IOException {
        conn.writeLine(line);
    }

    /** The next line, which must come within {@code bound}. */
    String next(Duration bound, String what) throws IOException, InterruptedException {
        String line = lines.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IOException("no " + what + " within " + bound.toSeconds() + " s");
        }
        if (line == END) {
            lines.add(END);
            throw failure != null ? failure : new EOFException("disconnected while waiting for " + what);
        }
        return line;
    }

    /** Skips lines until one that ends with {@code suffix}, which must come within {@code bound}. */
    void awaitEnding(String suffix, Duration bound) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = next(Duration.ofNanos(Math.max(0, left)), "a line ending in \"" + suffix + "\"");
            if (line.endsWith(suffix)) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        resource.close();
        reader.join(10_000);
    }
}
