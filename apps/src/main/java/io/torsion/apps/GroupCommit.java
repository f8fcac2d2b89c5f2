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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the log server, on the reactor thread. Records that arrive during one loop turn,
 * and all that arrive while a batch is with the disk, go to the disk together as the next batch: one
 * write (and, with {@code --fsync}, one sync) in arrival order, off the reactor thread. Each writer
 * hears {@link Writer#logged()} once the batch holding its record has returned, batch by batch and so
 * in each writer's own order; if the batch fails, every writer in it hears {@link Writer#notLogged()}
 * once and its records still waiting are dropped.
 *
 * <p>Only one batch is with the disk at a time: the next one cannot overtake it, and a sync in flight
 * is what lets the following batch grow. When the bytes waiting for the disk (in flight and queued)
 * pass {@code maxPending}, every writer is asked to stop reading until they fall to half of it.
 */
final class GroupCommit {

    /** A connection whose records this commits. Called on the reactor thread. */
    interface Writer {
        /** Every record of this writer in the batch is on disk (or in the OS, without sync). */
        void logged();

        /** The batch failed: none of this writer's records in it is acknowledged. */
        void notLogged();

        void pauseReading();

        void resumeReading();
    }

    /** Where a batch goes; runs off the reactor thread. */
    interface Sink extends java.io.Closeable {
        /** Appends {@code batch} whole (and syncs it, if asked to), or throws and leaves the file as it was. */
        void append(ByteBuffer batch) throws IOException;
    }

    private enum State {
        /** Nothing queued, nothing with the disk. */
        IDLE,
        /** Records queued; the batch leaves at the end of this loop turn. */
        FLUSH_DUE,
        /** A batch is with the disk; new records queue for the next one. */
        WRITING,
        /** The factory stopped: records are refused. */
        CLOSED
    }

    private record Entry(Writer writer, byte[] bytes) {
    }

    /** The batch with the disk: its entries, and the outcome the disk thread leaves for it. */
    private static final class Batch {
        final List<Entry> entries;
        final long bytes;
        final CountDownLatch done = new CountDownLatch(1);
        volatile IOException failure;
        boolean answered;

        Batch(List<Entry> entries, long bytes) {
            this.entries = entries;
            this.bytes = bytes;
        }
    }

    /** How long stopping waits for a batch still with the disk. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Reactor reactor;
    private final Path file;
    private final Sink sink;
    private final Function<Callable<Void>, CompletionStage<Void>> offLoop;
    private final long maxPending;
    private final Set<Writer> writers = new LinkedHashSet<>();
    private List<Entry> queued = new ArrayList<>();
    private long queuedBytes;
    private Batch writing;
    private State state = State.IDLE;
    private boolean readingPaused;
    /** Failed batches since writing last worked; the error is logged on the first only. */
    private int failuresInARow;
    /** Reused for every batch (only one is with the disk at a time); grows to the largest batch. */
    private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(64 * 1024);

    /**
     * @param offLoop runs a task off the reactor thread; its stage may complete on any thread
     */
    GroupCommit(Reactor reactor, Path file, Sink sink, Function<Callable<Void>, CompletionStage<Void>> offLoop,
            long maxPending) {
        this.reactor = reactor;
        this.file = file;
        this.sink = sink;
        this.offLoop = offLoop;
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

    /** Queues {@code record} for the next batch; {@code writer} hears about it once that batch returns. */
    void append(Writer writer, byte[] record) {
        if (state == State.CLOSED) {
            writer.notLogged();
            return;
        }
        queued.add(new Entry(writer, record));
        queuedBytes += record.length;
        if (state == State.IDLE) {
            scheduleFlush();
        }
        if (!readingPaused && waitingBytes() > maxPending) {
            readingPaused = true;
            new ArrayList<>(writers).forEach(Writer::pauseReading);
        }
    }

    /** Bytes accepted but not yet answered: queued plus the batch with the disk. */
    long waitingBytes() {
        return queuedBytes + (writing != null ? writing.bytes : 0);
    }

    /** Records waiting for the next batch; for tests. */
    int queuedRecords() {
        return queued.size();
    }

    boolean isReadingPaused() {
        return readingPaused;
    }

    /**
     * Stops accepting records, waits for the batch with the disk, writes what is queued on this
     * thread (the reactor is shutting down) and closes the sink. Writers still hear the outcome.
     */
    void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            boolean diskFree = true;
            if (writing != null) {
                diskFree = awaitDisk(writing);
                answer(writing);
            }
            if (!queued.isEmpty()) {
                Batch last = takeQueued();
                if (diskFree) {
                    runOnDisk(last);
                } else {
                    last.failure = new IOException("an earlier batch is still being written");
                }
                answer(last);
            }
        } finally {
            sink.close();
        }
    }

    private void scheduleFlush() {
        state = State.FLUSH_DUE;
        // A zero delay runs after this turn's reads have been dispatched: the whole turn is one batch.
        reactor.callLater(Duration.ZERO, this::flush);
    }

    private void flush() {
        if (state != State.FLUSH_DUE) {
            return; // closed meanwhile; close() wrote the queue
        }
        Batch batch = takeQueued();
        writing = batch;
        state = State.WRITING;
        CompletionStage<Void> stage;
        try {
            stage = offLoop.apply(() -> {
                runOnDisk(batch);
                return null;
            });
        } catch (RuntimeException e) { // the pool refused the task
            batch.failure = new IOException("cannot hand the batch to a disk thread: " + e.getMessage(), e);
            batch.done.countDown();
            written(batch);
            return;
        }
        stage.whenComplete((ignored, error) -> {
            if (error != null && batch.failure == null) {
                batch.failure = new IOException("the disk task failed: " + error, error);
                batch.done.countDown();
            }
            if (reactor.isReactorThread()) {
                written(batch);
            } else {
                reactor.callFromThread(() -> written(batch));
            }
        });
    }

    private Batch takeQueued() {
        Batch batch = new Batch(queued, queuedBytes);
        queued = new ArrayList<>();
        queuedBytes = 0;
        return batch;
    }

    /** On the disk thread: one write of the whole batch. Never throws; the outcome stays in the batch. */
    private void runOnDisk(Batch batch) {
        try {
            sink.append(fill(batch));
        } catch (IOException | RuntimeException e) {
            batch.failure = e instanceof IOException io ? io : new IOException(e);
        } finally {
            batch.done.countDown();
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

    /** Back on the reactor thread: answer the batch, then send the next one at the end of this turn. */
    private void written(Batch batch) {
        if (batch.answered) {
            return; // close() answered it already
        }
        writing = null;
        answer(batch);
        if (state == State.CLOSED) {
            return;
        }
        if (readingPaused && waitingBytes() <= maxPending / 2) {
            readingPaused = false;
            new ArrayList<>(writers).forEach(Writer::resumeReading);
        }
        if (queued.isEmpty()) {
            state = State.IDLE;
        } else {
            scheduleFlush();
        }
    }

    private void answer(Batch batch) {
        batch.answered = true;
        IOException failure = batch.failure;
        if (failure == null) {
            if (failuresInARow > 0) {
                log.info("writing to {} works again, after {} failed batch(es)", file, failuresInARow);
                failuresInARow = 0;
            }
            batch.entries.forEach(entry -> entry.writer.logged());
            return;
        }
        if (failuresInARow++ == 0) {
            log.error("cannot write to {}: {}; the lines of that batch are answered 'ERROR not logged'",
                    file, failure.getMessage(), failure);
        }
        Set<Writer> failed = new LinkedHashSet<>();
        batch.entries.forEach(entry -> failed.add(entry.writer));
        // Their later lines were sent after one that is not logged: drop them too, so the file holds
        // each client's lines up to its first failure and none after.
        queued.removeIf(entry -> failed.contains(entry.writer));
        queuedBytes = queued.stream().mapToLong(entry -> entry.bytes.length).sum();
        failed.forEach(Writer::notLogged);
    }

    /** Waits for {@code batch} to leave the disk thread; false (and the batch failed) if it did not. */
    private static boolean awaitDisk(Batch batch) {
        try {
            if (batch.done.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            batch.failure = new IOException("the disk did not return within " + CLOSE_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.failure = new IOException("interrupted while waiting for the disk", e);
        }
        return false;
    }
}
