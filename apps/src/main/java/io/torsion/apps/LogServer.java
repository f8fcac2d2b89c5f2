package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A logging server: appends every line it receives to a file as {@code HOST:PORT === line} and
 * answers {@code OK} once the line has reached the operating system (with {@code fsync}: the disk),
 * so an acknowledged line survives the server being killed.
 */
public final class LogServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8007;

    private final Path file;
    private final boolean fsync;
    private final int maxLine;
    private FileChannel out;

    public LogServer(Path file, boolean fsync, int maxLine) {
        this.file = file;
        this.fsync = fsync;
        this.maxLine = maxLine;
    }

    /** Opens {@code file} for appending, creating it if needed. */
    public static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void startFactory() {
        try {
            out = openForAppend(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    @Override
    public void stopFactory() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new LogLine();
    }

    /** Appends one record with a single write, so records from different clients never interleave. */
    private void append(String record) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        if (fsync) {
            out.force(false);
        }
    }

    private final class LogLine extends TextLineProtocol {

        LogLine() {
            super(maxLine);
        }

        @Override
        protected void lineReceived(String line) {
            try {
                append(HostPort.of(transport.getPeer()) + " === " + line + "\n");
            } catch (IOException e) {
                // Thrown out of a callback, this closes this client's connection and is logged:
                // the client never sees OK for a line that was not written.
                throw new UncheckedIOException("cannot write to " + file, e);
            }
            sendLine("OK");
        }
    }
}
