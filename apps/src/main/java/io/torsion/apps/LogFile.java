package io.torsion.apps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The log file as the disk thread sees it: a batch is appended whole or, on an error, cut away
 * again, so a failed batch (a full disk, a file-size limit) never leaves a torn record for the next
 * one to be glued onto. Assumes it is the file's only writer while open.
 *
 * <p>The sync is {@code fdatasync} ({@code force(false)}): it writes the data and the metadata
 * needed to read it back, which for an append includes the new length, and skips the timestamps
 * that {@code fsync} would also write; the lines are as durable either way, at one disk write less.
 */
final class LogFile implements GroupCommit.Sink {

    private static final long NOTHING_TO_CUT = -1;

    private final FileChannel channel;
    private final boolean sync;
    /** The length to cut the file back to before the next append, when cutting after a failure failed too. */
    private long cutTo = NOTHING_TO_CUT;

    private LogFile(FileChannel channel, boolean sync) {
        this.channel = channel;
        this.sync = sync;
    }

    /** Opens {@code file} for appending, creating it if needed; with {@code sync}, its name is made durable too. */
    static LogFile open(Path file, boolean sync) throws IOException {
        FileChannel channel = openForAppend(file);
        try {
            if (sync) {
                syncDirectoryOf(file);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new LogFile(channel, sync);
    }

    /** Opens {@code file} for appending, creating it if needed. */
    static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void append(ByteBuffer batch) throws IOException {
        if (cutTo != NOTHING_TO_CUT) {
            cutBack(cutTo);
            cutTo = NOTHING_TO_CUT;
        }
        long before = channel.size();
        try {
            while (batch.hasRemaining()) {
                channel.write(batch);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            try {
                cutBack(before);
            } catch (IOException cut) {
                cutTo = before;
                e.addSuppressed(cut);
            }
            throw e;
        }
    }

    private void cutBack(long length) throws IOException {
        if (channel.size() > length) {
            channel.truncate(length);
            if (sync) {
                channel.force(false);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A newly created file survives a crash only once the directory entry naming it is synced. */
    private static void syncDirectoryOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
