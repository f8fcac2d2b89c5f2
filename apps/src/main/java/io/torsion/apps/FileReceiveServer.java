package io.torsion.apps;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code files receive}: the tutorial's file server. Each connection sends files one after another,
 * each a {@link FileHeader} and then its body, and each is stored under its base name in one
 * directory. A body goes to a hidden part file in that directory first and takes its name only when
 * complete, so a connection cut mid-body leaves nothing behind and a reader never sees half a file.
 *
 * <p>Bad input: a name that cannot be used (empty, not UTF-8, no name left after its directories)
 * or that exists already (without {@code overwrite}) has its body skipped, and the next file is
 * read; a negative size or one above the maximum closes the connection, since the next header
 * cannot be found. Each case is reported to {@link Events} (by default the log) with the peer's
 * address. Bodies are written as they arrive, so a connection costs one 48-byte header buffer.
 */
public final class FileReceiveServer implements Factory {

    public static final int DEFAULT_PORT = 1205;
    /** The largest file accepted unless told otherwise: 1 GiB. */
    public static final long DEFAULT_MAX_SIZE = 1L << 30;

    /** What happens to the files a connection sends; the default logs each. */
    public interface Events {
        /** {@code size} bytes were stored as {@code file}. */
        void stored(SocketAddress peer, Path file, long size);

        /** A file's body was skipped for {@code reason}; the connection goes on. */
        void skipped(SocketAddress peer, String reason);

        /** The connection was closed, or ended, for {@code reason}; nothing partial was kept. */
        void closed(SocketAddress peer, String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(FileReceiveServer.class);

    /** Events as log lines. */
    public static final Events LOG = new Events() {
        @Override
        public void stored(SocketAddress peer, Path file, long size) {
            log.info("{}: stored {} ({} bytes)", HostPort.of(peer), file, size);
        }

        @Override
        public void skipped(SocketAddress peer, String reason) {
            log.warn("{}: file skipped: {}", HostPort.of(peer), reason);
        }

        @Override
        public void closed(SocketAddress peer, String reason) {
            log.warn("{}: connection closed: {}", HostPort.of(peer), reason);
        }
    };

    private static final long PID = ProcessHandle.current().pid();
    private static final java.util.concurrent.atomic.AtomicLong PARTS = new java.util.concurrent.atomic.AtomicLong();

    private final Path dir;
    private final boolean overwrite;
    private final long maxSize;
    private final Events events;

    public FileReceiveServer(Path dir, boolean overwrite, long maxSize, Events events) {
        this.dir = dir;
        this.overwrite = overwrite;
        this.maxSize = maxSize;
        this.events = events;
    }

    /** Fails, with what a user can act on, when {@code dir} is not a directory files can be created in. */
    public static void checkDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory");
        }
        Files.deleteIfExists(Files.createTempFile(dir, ".torsion-check-", ".part"));
    }

    /**
     * A new, empty part file in the directory. Made with the default attributes, so the stored file
     * gets the mode the umask gives, as the tutorial's {@code open(name, 'wb')} does (a JDK temp file
     * would be 0600).
     */
    private Path newPartFile() throws IOException {
        while (true) {
            try {
                return Files.createFile(dir.resolve(".torsion-" + PID + "-" + PARTS.incrementAndGet() + ".part"));
            } catch (FileAlreadyExistsException taken) {
                // left by an earlier run with the same pid: the next number
            }
        }
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new Receiver();
    }

    /** Where a connection is in its stream of files. */
    private enum Phase { HEADER, BODY, SKIP, CLOSED }

    private final class Receiver extends BaseProtocol {
        private final ByteBuffer header = ByteBuffer.allocate(FileHeader.SIZE);
        private Phase phase = Phase.HEADER;
        private long remaining;
        private FileHeader current;
        private Path part;
        private FileChannel out;

        @Override
        public void dataReceived(ByteBuffer data) {
            while (data.hasRemaining() && phase != Phase.CLOSED) {
                switch (phase) {
                    case HEADER -> readHeader(data);
                    case BODY -> writeBody(data);
                    case SKIP -> skipBody(data);
                    default -> throw new IllegalStateException(phase.name());
                }
            }
        }

        private void readHeader(ByteBuffer data) {
            int n = Math.min(header.remaining(), data.remaining());
            header.put(data.slice(data.position(), n));
            data.position(data.position() + n);
            if (header.hasRemaining()) {
                return;
            }
            header.flip();
            try {
                begin(FileHeader.parse(header, maxSize));
            } catch (FileHeader.BadHeader bad) {
                if (bad.skip() < 0) {
                    close(bad.getMessage());
                } else {
                    skip(bad.getMessage(), bad.skip());
                }
            } finally {
                header.clear();
            }
        }

        private void begin(FileHeader file) {
            Path target = dir.resolve(file.name());
            if (!overwrite && Files.exists(target)) {
                skip(FileHeader.printable(file.name()) + " exists and is not overwritten (see --overwrite)", file.size());
                return;
            }
            try {
                part = newPartFile();
                out = FileChannel.open(part, StandardOpenOption.WRITE);
            } catch (IOException e) {
                discardPart();
                close("cannot create a file in " + dir + ": " + e.getMessage());
                return;
            }
            current = file;
            remaining = file.size();
            phase = Phase.BODY;
            if (remaining == 0) {
                finish();
            }
        }

        private void writeBody(ByteBuffer data) {
            ByteBuffer piece = data.slice(data.position(), (int) Math.min(remaining, data.remaining()));
            data.position(data.position() + piece.remaining());
            remaining -= piece.remaining();
            try {
                while (piece.hasRemaining()) {
                    out.write(piece);
                }
            } catch (IOException e) {
                discardPart();
                close("cannot write " + FileHeader.printable(current.name()) + ": " + e.getMessage());
                return;
            }
            if (remaining == 0) {
                finish();
            }
        }

        /** The body is complete: the part file takes its name. */
        private void finish() {
            Path target = dir.resolve(current.name());
            try {
                out.close();
                out = null;
                if (overwrite) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(part, target); // fails rather than replace a file that appeared meanwhile
                }
                part = null;
                events.stored(transport.getPeer(), target, current.size());
            } catch (FileAlreadyExistsException e) {
                discardPart();
                events.skipped(transport.getPeer(), FileHeader.printable(current.name()) + " appeared meanwhile and is not overwritten");
            } catch (IOException e) {
                discardPart();
                close("cannot store " + FileHeader.printable(current.name()) + ": " + e.getMessage());
                return;
            }
            current = null;
            phase = Phase.HEADER;
        }

        private void skip(String reason, long size) {
            events.skipped(transport.getPeer(), reason);
            remaining = size;
            phase = size == 0 ? Phase.HEADER : Phase.SKIP;
        }

        private void skipBody(ByteBuffer data) {
            int n = (int) Math.min(remaining, data.remaining());
            data.position(data.position() + n);
            remaining -= n;
            if (remaining == 0) {
                phase = Phase.HEADER;
            }
        }

        private void close(String reason) {
            phase = Phase.CLOSED;
            events.closed(transport.getPeer(), reason);
            transport.loseConnection();
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            if (phase == Phase.BODY) {
                discardPart();
                events.closed(transport.getPeer(), "the connection ended " + remaining + " bytes before the end of "
                        + FileHeader.printable(current.name()) + " (" + reason.getMessage() + "); the partial file was removed");
            } else if (phase == Phase.HEADER && header.position() > 0) {
                events.closed(transport.getPeer(), "the connection ended inside a header (" + header.position() + " of "
                        + FileHeader.SIZE + " bytes)");
            } else if (phase == Phase.SKIP) {
                events.closed(transport.getPeer(), "the connection ended inside a skipped body");
            }
            phase = Phase.CLOSED;
        }

        private void discardPart() {
            try {
                if (out != null) {
                    out.close();
                }
                if (part != null) {
                    Files.deleteIfExists(part);
                }
            } catch (IOException e) {
                log.warn("{}: cannot remove the partial file {}: {}", HostPort.of(transport.getPeer()), part, e.getMessage());
            }
            out = null;
            part = null;
        }
    }
}
