package io.torsion.apps;

import io.torsion.api.Reactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the log server. The records of one loop turn are handed to the disk together at
 * the end of the turn; a disk task on the reactor's thread pool takes everything handed over since
 * its last write as one batch: one write, in arrival order, and with {@code --fsync} one sync. While
 * it writes and syncs, the loop goes on reading, and the records of the turns meanwhile make up the
 * next batch, which the task takes as soon as the sync returns, without waiting for the loop. Each
 * writer hears {@link Writer#logged()} on the reactor thread once the batch holding its record has
 * returned, batch by batch and so in its own order. If a batch fails, every writer in it hears
 * {@link Writer#notLogged()} once, and its records not yet written are dropped before the disk task
 * starts again.
 *
 * <p>When the bytes not yet answered pass {@code maxPending}, every writer is asked to stop reading
 * until they fall to half of it.
 */
final class GroupCommit {

    /** A connection whose records this commits. Called on the reactor thread. */
    interface Writer {
        /** One record of this writer is on disk (or in the OS, without sync). */
        void logged();

        /** A batch with this writer's records failed: none of them is acknowledged. */
        void notLogged();

        void pauseReading();

        void resumeReading();
    }

    /** Where a batch goes; runs off the reactor thread, one batch at a time. */
    interface Sink extends java.io.Closeable {
        /** Appends {@code batch} whole (and syncs it, if asked to), or throws and leaves the file as it was. */
        void append(ByteBuffer batch) throws IOException;
    }

    private record Entry(Writer writer, byte[] bytes) {
    }

    /** One write's worth of records, and how the write went. */
    private static final class Batch {
        final List<Entry> entries;
        final long bytes;
        IOException failure;

        Batch(List<Entry> entries, long bytes) {
            this.entries = entries;
            this.bytes = bytes;
        }
    }

    /** How long stopping waits for the disk task still writing. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Reactor reactor;
    private final Path file;
    private final Sink sink;
    private final long maxPending;

    // Reactor thread only.
    private final Set<Writer> writers = new LinkedHashSet<>();
    private List<Entry> turn = new ArrayList<>();
    private long turnBytes;
    private boolean endOfTurnDue;
    /** Bytes accepted and not yet answered, wherever they are. */
    private long waitingBytes;
    private boolean readingPaused;
    private boolean closed;
    /** Failed batches since writing last worked; the error is logged on the first only. */
    private int failuresInARow;
    /** Counted down when the disk task last started has returned (or will never run). */
    private CountDownLatch diskTaskDone;

    // Shared with the disk task, guarded by the lock.
    private final Object lock = new Object();
    private List<Entry> handedOver = new ArrayList<>();
    private long handedOverBytes;
    /** A disk task is running or queued, or stopped on a failure the reactor has not answered yet. */
    private boolean diskBusy;

    // From the disk task to the reactor thread.
    private final ConcurrentLinkedQueue<Batch> written = new ConcurrentLinkedQueue<>();

    // Disk task only (one at a time; handed between tasks under the lock).
    /** Reused for every batch; grows to the largest one. */
    private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(64 * 1024);

    GroupCommit(Reactor reactor, Path file, Sink sink, long maxPending) {
        this.reactor = reactor;
        this.file = file;
        this.sink = sink;
        this.maxPending = maxPending;
    }

    void register(Writer writer) {
        writers.add(writer);
        if (readingPaused) {
            writer.pauseReading();
        }
    }

    void unregister(Writer writer) {
        writers.remove(writer);
    }

    /** Queues {@code record}; {@code writer} hears about it once the batch holding it returns. */
    void append(Writer writer, byte[] record) {
        if (closed) {
            writer.notLogged();
            return;
        }
        turn.add(new Entry(writer, record));
        turnBytes += record.length;
        waitingBytes += record.length;
        if (!endOfTurnDue) {
            endOfTurnDue = true;
            // A zero delay runs after this turn's reads have been dispatched: the whole turn goes together.
            reactor.callLater(Duration.ZERO, this::endOfTurn);
        }
        if (!readingPaused && waitingBytes > maxPending) {
            readingPaused = true;
            new ArrayList<>(writers).forEach(Writer::pauseReading);
        }
    }

    /** Bytes accepted but not yet answered. */
    long waitingBytes() {
        return waitingBytes;
    }

    /** Records accepted and not yet taken by the disk; for tests. */
    int queuedRecords() {
        synchronized (lock) {
            return turn.size() + handedOver.size();
        }
    }

    boolean isReadingPaused() {
        return readingPaused;
    }

    /**
     * Stops accepting records, waits for the disk task, writes what is left on this thread (the
     * reactor is shutting down) and closes the sink. Writers still hear how their lines went.
     */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            handOverTurn();
            boolean diskFree = diskTaskDone == null || awaitDisk(diskTaskDone);
            answerWritten();
            Batch last;
            synchronized (lock) {
                last = takeHandedOver();
            }
            if (!last.entries.isEmpty()) {
                if (diskFree) {
                    write(last);
                } else {
                    last.failure = new IOException("the disk did not return within " + CLOSE_WAIT.toSeconds() + " s");
                }
                answer(last);
            }
        } finally {
            sink.close();
        }
    }

    // ---- reactor thread ----

    private void endOfTurn() {
        endOfTurnDue = false;
        if (!closed) {
            handOverTurn();
        }
    }

    private void handOverTurn() {
        if (turn.isEmpty()) {
            return;
        }
        boolean start;
        synchronized (lock) {
            handedOver.addAll(turn);
            handedOverBytes += turnBytes;
            start = !diskBusy && !closed;
            diskBusy |= start;
        }
        turn = new ArrayList<>();
        turnBytes = 0;
        if (start) {
            startDiskTask();
        }
    }

    private void startDiskTask() {
        CountDownLatch done = new CountDownLatch(1);
        diskTaskDone = done;
        try {
            reactor.deferToThread(() -> {
                try {
                    drain();
                } finally {
                    done.countDown();
                }
                return null;
            }).whenComplete((ignored, neverRan) -> {
                if (neverRan != null) {
                    done.countDown();
                    diskRefused(neverRan);
                }
            });
        } catch (RejectedExecutionException e) {
            done.countDown();
            diskRefused(e);
        }
    }

    /** The pool would not run the disk task: what was handed over fails, loudly. */
    private void diskRefused(Throwable reason) {
        if (closed) {
            return; // close() writes what is left itself
        }
        Batch refused;
        synchronized (lock) {
            refused = takeHandedOver();
            diskBusy = false;
        }
        refused.failure = new IOException("no thread to write on: " + reason.getMessage(), reason);
        answer(refused);
    }

    private void answerWritten() {
        Batch batch;
        while ((batch = written.poll()) != null) {
            answer(batch);
        }
    }

    private void answer(Batch batch) {
        waitingBytes -= batch.bytes;
        if (batch.failure == null) {
            if (failuresInARow > 0) {
                log.info("writing to {} works again, after {} failed batch(es)", file, failuresInARow);
                failuresInARow = 0;
            }
            batch.entries.forEach(entry -> entry.writer.logged());
        } else {
            failed(batch);
        }
        if (readingPaused && waitingBytes <= maxPending / 2) {
            readingPaused = false;
            new ArrayList<>(writers).forEach(Writer::resumeReading);
        }
    }

    private void failed(Batch batch) {
        if (failuresInARow++ == 0) {
            log.error("cannot write to {}: {}; the lines of that batch are answered 'ERROR not logged'",
                    file, batch.failure.getMessage(), batch.failure);
        }
        Set<Writer> failed = new LinkedHashSet<>();
        batch.entries.forEach(entry -> failed.add(entry.writer));
        // Their later lines were sent after one that is not logged: drop them too, so the file holds
        // each client's lines up to its first failure and none after.
        turnBytes -= dropFrom(turn, failed);
        boolean restart;
        synchronized (lock) {
            handedOverBytes -= dropFrom(handedOver, failed);
            // The disk task stopped at the failure, leaving diskBusy set; it starts again from here.
            restart = !handedOver.isEmpty() && !closed;
            diskBusy = restart;
        }
        if (restart) {
            startDiskTask();
        }
        failed.forEach(Writer::notLogged);
    }

    /** Removes the entries of {@code failed} writers from {@code entries}; returns their bytes. */
    private long dropFrom(List<Entry> entries, Set<Writer> failed) {
        long dropped = 0;
        for (Entry entry : entries) {
            if (failed.contains(entry.writer)) {
                dropped += entry.bytes.length;
            }
        }
        entries.removeIf(entry -> failed.contains(entry.writer));
        waitingBytes -= dropped;
        return dropped;
    }

    // ---- disk task ----

    /** Writes batch after batch while records are handed over; stops when none are, or on a failure. */
    private void drain() {
        for (;;) {
            Batch batch;
            synchronized (lock) {
                if (handedOver.isEmpty()) {
                    diskBusy = false;
                    return;
                }
                batch = takeHandedOver();
            }
            write(batch);
            written.add(batch);
            reactor.callFromThread(this::answerWritten);
            if (batch.failure != null) {
                return; // the reactor drops the failed writers' lines, then starts a task again
            }
        }
    }

    /** Called with the lock held. */
    private Batch takeHandedOver() {
        Batch batch = new Batch(handedOver, handedOverBytes);
        handedOver = new ArrayList<>();
        handedOverBytes = 0;
        return batch;
    }

    /** One write of the whole batch; the outcome stays in the batch. */
    private void write(Batch batch) {
        try {
            sink.append(fill(batch));
        } catch (IOException | RuntimeException e) {
            batch.failure = e instanceof IOException io ? io : new IOException(e);
        }
    }

    private ByteBuffer fill(Batch batch) {
        if (batchBuffer.capacity() < batch.bytes) {
            batchBuffer = ByteBuffer.allocateDirect((int) Math.max(batch.bytes, 2L * batchBuffer.capacity()));
        }
        ByteBuffer buffer = batchBuffer.clear();
        for (Entry entry : batch.entries) {
            buffer.put(entry.bytes);
        }
        return buffer.flip();
    }

    /** Waits for the disk task to return; false if it did not in time. */
    private static boolean awaitDisk(CountDownLatch done) {
        try {
            return done.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
