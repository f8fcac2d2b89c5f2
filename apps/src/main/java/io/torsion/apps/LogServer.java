package io.torsion.apps;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Reactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * A logging server: appends every line it receives to a file as {@code HOST:PORT === line} and
 * answers {@code OK} once the line has reached the operating system (with {@code fsync}: the disk),
 * so an acknowledged line survives the server being killed.
 *
 * <p>Lines are committed in groups ({@link GroupCommit}): those that arrive in one loop turn, and
 * while the previous group is being written, go out in one write and one sync, on the reactor's
 * thread pool ({@link Reactor#deferToThread}), so a slow disk delays only the {@code OK} of the
 * lines being synced. A line that cannot be written is answered {@code ERROR not logged} and its
 * connection closes; the server goes on serving, and logs again as soon as the file takes writes.
 */
public final class LogServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8007;

    /** Bytes waiting for the disk past which the server stops reading from its clients. */
    public static final long DEFAULT_MAX_PENDING = 8L * 1024 * 1024;

    /** Opens the sink a batch goes to; the tests' way to put a slow or failing disk underneath. */
    interface SinkOpener {
        GroupCommit.Sink open(Path file, boolean sync) throws IOException;
    }

    /** The replies, encoded once for every connection of this server's reactor. */
    private final ByteBuffer ok = TextLineProtocol.encoded("OK");
    private final ByteBuffer notLogged = TextLineProtocol.encoded("ERROR not logged");
    private final Reactor reactor;
    private final Path file;
    private final boolean fsync;
    private final int maxLine;
    private final long maxPending;
    private final SinkOpener opener;
    private GroupCommit commit;
    private int heldByReplies;

    public LogServer(Reactor reactor, Path file, boolean fsync, int maxLine, long maxPending) {
        this(reactor, file, fsync, maxLine, maxPending, LogFile::open);
    }

    /** One loop's log factory: {@code opener} gives it the sink of the file every loop shares. */
    LogServer(Reactor reactor, Path file, boolean fsync, int maxLine, long maxPending, SinkOpener opener) {
        this.reactor = reactor;
        this.file = file;
        this.fsync = fsync;
        this.maxLine = maxLine;
        this.maxPending = maxPending;
        this.opener = opener;
    }

    /** Checks {@code file} can be opened for appending (creating it if needed), so a user hears it before any client. */
    public static void checkWritable(Path file) throws IOException {
        LogFile.openForAppend(file).close();
    }

    @Override
    public void startFactory() {
        GroupCommit.Sink sink;
        try {
            sink = opener.open(file, fsync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        commit = new GroupCommit(reactor, file, sink, maxPending);
    }

    @Override
    public void stopFactory() {
        try {
            commit.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new LogLine();
    }

    /** The group commit in use; for tests. */
    GroupCommit commit() {
        return commit;
    }

    /** Connections not read now because their client leaves its OKs unread; for tests. */
    int heldByReplies() {
        return heldByReplies;
    }

    /** Why a connection is not being read; it is read while there is none. */
    private enum Hold {
        /** Too many bytes wait for the disk (all connections). */
        DISK_BEHIND,
        /** This client does not read its {@code OK}s: they are queued past the high-water mark. */
        REPLIES_BACKED_UP
    }

    private final class LogLine extends TextLineProtocol implements GroupCommit.Writer {

        /** {@code HOST:PORT === } in UTF-8: the start of every record of this connection. */
        private byte[] prefix;
        private final EnumSet<Hold> holds = EnumSet.noneOf(Hold.class);

        LogLine() {
            super(maxLine);
        }

        @Override
        public void connectionMade() {
            prefix = (HostPort.of(transport.getPeer()) + " === ").getBytes(StandardCharsets.UTF_8);
            // A client that sends but never reads its OKs must not grow the reply queue without bound.
            transport.registerProducer(new PushProducer() {
                @Override
                public void pauseProducing() {
                    hold(Hold.REPLIES_BACKED_UP);
                }

                @Override
                public void resumeProducing() {
                    release(Hold.REPLIES_BACKED_UP);
                }
            });
            commit.register(this);
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            commit.unregister(this);
            if (holds.contains(Hold.REPLIES_BACKED_UP)) {
                heldByReplies--;
            }
        }

        @Override
        protected void lineReceived(String line) {
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            byte[] record = Arrays.copyOf(prefix, prefix.length + text.length + 1);
            System.arraycopy(text, 0, record, prefix.length, text.length);
            record[record.length - 1] = '\n';
            commit.append(this, record);
        }

        @Override
        public void logged() {
            sendLine(ok);
        }

        @Override
        public void notLogged() {
            sendLine(notLogged);
            transport.loseConnection();
        }

        @Override
        public void pauseReading() {
            hold(Hold.DISK_BEHIND);
        }

        @Override
        public void resumeReading() {
            release(Hold.DISK_BEHIND);
        }

        private void hold(Hold why) {
            if (holds.isEmpty()) {
                pauseProducing();
            }
            if (holds.add(why) && why == Hold.REPLIES_BACKED_UP) {
                heldByReplies++;
            }
        }

        private void release(Hold why) {
            if (holds.remove(why)) {
                if (why == Hold.REPLIES_BACKED_UP) {
                    heldByReplies--;
                }
                if (holds.isEmpty()) {
                    resumeProducing();
                }
            }
        }
    }
}
