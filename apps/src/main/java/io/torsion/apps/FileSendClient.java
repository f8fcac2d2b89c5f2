package io.torsion.apps;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Reactor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code files send}: sends files to a {@code files receive} server (or the tutorial's own) in the
 * tutorial's format, a {@link FileHeader} then the body of each, one after another on one
 * connection, the bodies with {@code Transport.sendFile} (zero-copy where the backend can). Each file
 * is checked (readable, a name that fits the header) before connecting, so a bad argument sends
 * nothing. Prints a line per file sent; exit code 0 when every file went out and the connection
 * closed cleanly, 1 otherwise, with the reason on standard error.
 */
public final class FileSendClient extends BaseProtocol {

    /** One file to send: its name on the wire, and its channel, open from the start. */
    private record Outgoing(Path path, String name, FileChannel channel, long size) {
    }

    private final Reactor reactor;
    private final List<Outgoing> files;
    private final PrintStream out;
    private final PrintStream err;
    private int next;
    private boolean allSent;
    private int exitCode = 1;
    private String failure;

    private FileSendClient(Reactor reactor, List<Outgoing> files, PrintStream out, PrintStream err) {
        this.reactor = reactor;
        this.files = files;
        this.out = out;
        this.err = err;
    }

    /**
     * Opens every file and checks its name.
     *
     * @throws IOException naming the file that cannot be read
     * @throws IllegalArgumentException naming the file whose name does not fit the header
     */
    public static FileSendClient open(Reactor reactor, List<Path> paths, PrintStream out, PrintStream err) throws IOException {
        List<Outgoing> files = new ArrayList<>();
        try {
            for (Path path : paths) {
                String name = path.getFileName() == null ? "" : path.getFileName().toString();
                FileHeader.encode(name, 0); // the name must fit before anything is sent
                FileChannel channel;
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new IOException("cannot read " + path + ": " + Torsion.describe(e), e);
                }
                files.add(new Outgoing(path, name, channel, channel.size()));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(files);
            throw e;
        }
        return new FileSendClient(reactor, files, out, err);
    }

    /** Connects to {@code host:port} and sends; call before {@code reactor.run()}. */
    public void start(String host, int port, Duration timeout) {
        reactor.connectProtocol(host, port, this, timeout).whenComplete((p, e) -> {
            if (e != null) {
                String why = e instanceof ConnectionRefused ? "connection refused"
                        : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                end("cannot connect to " + HostPort.of(host, port) + ": " + why);
            }
        });
    }

    /** 0 when every file was sent and the connection closed cleanly; valid once the reactor stopped. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public void connectionMade() {
        sendNext();
    }

    /** The next file's header, then its body; after the last, a clean close. */
    private void sendNext() {
        if (next == files.size()) {
            allSent = true;
            transport.loseConnection();
            return;
        }
        Outgoing file = files.get(next++);
        transport.write(FileHeader.encode(file.name(), file.size()));
        transport.sendFile(file.channel(), 0, file.size()).whenComplete((sent, e) -> {
            close(file.channel());
            if (e != null) {
                failure = "sending " + file.path() + " failed: " + e.getMessage();
                transport.abortConnection();
                return;
            }
            out.println("sent " + file.name() + " (" + sent + " bytes)");
            sendNext();
        });
    }

    @Override
    public void connectionLost(ConnectionClosed reason) {
        if (failure == null && allSent && reason.isClean()) {
            exitCode = 0;
            end(null);
        } else {
            end(failure != null ? failure : "the connection ended before every file was sent: " + reason.getMessage());
        }
    }

    private void end(String problem) {
        if (problem != null) {
            err.println("torsion files send: " + problem);
        }
        closeAll(files);
        out.flush();
        reactor.stop();
    }

    private static void closeAll(List<Outgoing> files) {
        files.forEach(f -> close(f.channel()));
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }
}
