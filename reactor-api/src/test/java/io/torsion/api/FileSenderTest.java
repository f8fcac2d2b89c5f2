package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull producers and {@link FileSender} on the test doubles: one piece a turn, the marks, the stage. */
class FileSenderTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final StringTransport transport = new StringTransport(clock);

    private byte[] contents(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private FileChannel file(byte[] bytes) throws IOException {
        return FileChannel.open(Files.write(dir.resolve("f"), bytes));
    }

    @Test
    void aPullProducerIsAskedLaterUntilItUnregisters() {
        AtomicInteger asked = new AtomicInteger();
        transport.registerPullProducer(() -> {
            if (asked.incrementAndGet() == 3) {
                transport.unregisterProducer();
            }
            transport.write(new byte[] {1});
        });
        assertEquals(0, asked.get(), "never from inside registerPullProducer");
        clock.advance(Duration.ZERO); // the clock runs what comes due meanwhile: every ask of this instant
        assertEquals(3, asked.get(), "asked until it unregistered");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(3, asked.get(), "not asked after unregistering");
        assertEquals(3, transport.value().length);
    }

    @Test
    void fileSenderStopsAtTheHighMarkResumesAtTheLowMarkAndCompletes() throws Exception {
        byte[] bytes = contents(300 * 1024 + 5);
        transport.setWritesBlocked(true); // a peer that reads nothing
        CompletableFuture<Long> done = new FileSender(file(bytes), 0, bytes.length).beginFileTransfer(transport).toCompletableFuture();
        for (int turn = 0; turn < 50; turn++) {
            clock.advance(Duration.ZERO);
        }
        assertTrue(transport.isWriteBufferFull(), "full at the high mark");
        assertTrue(transport.queuedBytes() <= transport.highWaterMark() + FileSender.CHUNK_SIZE,
                "queued " + transport.queuedBytes() + " with the high mark at " + transport.highWaterMark());
        assertFalse(done.isDone());
        transport.setWritesBlocked(false);
        for (int turn = 0; turn < 100 && !done.isDone(); turn++) {
            transport.drain();
            clock.advance(Duration.ZERO);
        }
        assertEquals(bytes.length, done.get());
        assertArrayEquals(bytes, transport.value());
        assertNull(transport.producer(), "the sender unregistered when done");
    }

    @Test
    void aFileShorterThanTheCountFailsTheStageAndAbortsTheConnection() throws Exception {
        byte[] bytes = contents(20_000);
        CompletableFuture<Long> done = new FileSender(file(bytes), 10, bytes.length).beginFileTransfer(transport).toCompletableFuture();
        for (int turn = 0; turn < 10 && !done.isDone(); turn++) {
            clock.advance(Duration.ZERO);
        }
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, done::get);
        assertInstanceOf(EOFException.class, failed.getCause());
        assertTrue(transport.isAborted());
        assertArrayEquals(Arrays.copyOfRange(bytes, 10, bytes.length), transport.value(), "what the file had, then the abort");
    }

    @Test
    void theConnectionClosingFailsTheStage() throws Exception {
        byte[] bytes = contents(200_000);
        transport.setWritesBlocked(true);
        CompletableFuture<Long> done = new FileSender(file(bytes), 0, bytes.length).beginFileTransfer(transport).toCompletableFuture();
        clock.advance(Duration.ZERO);
        transport.producer().stopProducing(); // what a transport does when its connection closes
        assertTrue(done.isCompletedExceptionally());
        clock.advance(Duration.ZERO);
    }
}
