package io.torsion.apps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A disk for the log server that the test drives: each batch waits for a permit before it reaches
 * the real file, and can be made to fail instead. Records what every batch held.
 */
final class SlowDisk implements LogServer.SinkOpener, AutoCloseable {

    private final Semaphore permits = new Semaphore(0);
    private final List<String> batches = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    /** A disk that lets every batch through at once: only records them. */
    static SlowDisk fast() {
        SlowDisk disk = new SlowDisk();
        disk.permits.release(Integer.MAX_VALUE / 2);
        return disk;
    }

    /** Lets {@code n} more batches through. */
    void release(int n) {
        permits.release(n);
    }

    /** From now on, batches fail as a full disk does, without touching the file. */
    void failFromNowOn(boolean fail) {
        failing = fail;
    }

    /** Lets every batch through, so a server stopping after the test never waits for a permit. */
    @Override
    public void close() {
        failing = false;
        permits.release(Integer.MAX_VALUE / 2);
    }

    /** Batches that have reached this disk (they may still be waiting for their permit). */
    List<String> batches() {
        return batches;
    }

    @Override
    public GroupCommit.Sink open(Path file, boolean sync) throws IOException {
        LogFile real = LogFile.open(file, sync);
        return new GroupCommit.Sink() {
            @Override
            public void append(ByteBuffer batch) throws IOException {
                batches.add(StandardCharsets.UTF_8.decode(batch.duplicate()).toString());
                try {
                    if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                        throw new IOException("test disk: no permit within 60 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("test disk: interrupted", e);
                }
                if (failing) {
                    throw new IOException("No space left on device (test disk)");
                }
                real.append(batch);
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
