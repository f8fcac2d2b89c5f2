package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ExitStatus;
import io.torsion.api.ProcessExitedAlready;
import io.torsion.api.ProcessSignal;
import io.torsion.api.ProcessTransport;
import io.torsion.api.PushProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Child processes ({@code spawnProcess}): the three streams, the exit status by code and by signal,
 * flow control both ways, output flushed before the exit is reported, and bad input. The children
 * are {@code sh}, {@code cat}, {@code head} and {@code sleep} from the system.
 */
public interface ProcessConformance extends Kit {

    /** The flood: far more than any pipe, side buffer and hand-over queue can hold together. */
    int FLOOD = 8 * 1024 * 1024;

    private ChildProbe spawn(ChildProbe probe, String... argv) {
        exec(() -> reactor().spawnProcess(probe, List.of(argv)));
        await("connectionMade of the child", () -> probe.transport() != null);
        return probe;
    }

    private static String[] sh(String script) {
        return new String[] {"sh", "-c", script};
    }

    @Test
    @Tag("process")
    default void exitCodeAndBothOutputsArriveSeparatelyBeforeProcessEnded() {
        ChildProbe child = spawn(new ChildProbe(this, true), sh("printf out; printf err >&2; exit 3"));
        assertEquals(new ExitStatus.Exited(3), child.awaitEnded());
        assertEquals("out", child.stdoutText());
        assertEquals("err", child.stderrText());
        assertEquals(new ExitStatus.Exited(3), child.exited);
        List<String> events = child.events;
        assertEquals("made", events.get(0));
        assertEquals("ended", events.get(events.size() - 1));
        assertTrue(events.containsAll(List.of("lost 0", "lost 1", "lost 2", "exited")), events.toString());
    }

    @Test
    @Tag("process")
    default void whatIsWrittenToStdinComesBackThroughCatAndClosingStdinEndsIt() {
        int size = 1024 * 1024;
        ChildProbe child = spawn(new ChildProbe(this, true), "cat");
        exec(() -> {
            ProcessTransport t = child.transport();
            for (int at = 0; at < size; at += 64 * 1024) {
                t.write(Pattern.bytes(0xCA7, at, 64 * 1024));
            }
            t.closeStdin();
        });
        assertEquals(new ExitStatus.Exited(0), child.awaitEnded());
        byte[] got = child.stdout();
        assertEquals(size, got.length, "bytes echoed");
        assertEquals(-1, Pattern.firstMismatch(0xCA7, 0, got, 0, got.length), "first wrong byte");
    }

    @Test
    @Tag("process")
    default void floodingChildIsPausedThroughItsPipeAndLosesNothing() throws Exception {
        ChildProbe child = new ChildProbe(this, false) {
            private boolean pausedOnce;

            @Override
            void received(int fd, byte[] bytes) {
                if (!pausedOnce) {
                    pausedOnce = true;
                    pausedByTest = true;
                    transport.pauseProducing();
                }
            }
        };
        spawn(child, "head", "-c", Integer.toString(FLOOD), "/dev/zero");
        long pid = call(() -> child.transport().pid());
        // The proof that pausing reached the child: it sleeps in the kernel on a full pipe.
        await("the child blocked writing its full pipe", () -> waitChannel(pid).contains("pipe_write"));
        assertNull(child.exited, "the child finished 8 MiB while its reader was paused");
        assertTrue(child.stdoutBytes.get() < FLOOD, "everything was read while paused");
        exec(() -> {
            child.pausedByTest = false;
            child.transport().resumeProducing();
        });
        assertEquals(new ExitStatus.Exited(0), child.awaitEnded());
        assertEquals(FLOOD, child.stdoutAtEnd, "bytes delivered before processEnded");
    }

    /** A producer that writes 16 KiB chunks to a child's stdin whenever it is not paused, up to a cap. */
    final class StdinFiller implements PushProducer {
        static final int CHUNK = 16 * 1024;
        static final long CAP = 64L * 1024 * 1024;
        private final ProcessTransport transport;
        volatile boolean paused;
        volatile long written;

        StdinFiller(ProcessTransport transport) {
            this.transport = transport;
        }

        void fill() {
            byte[] data = new byte[CHUNK];
            while (!paused && written < CAP) {
                transport.write(data);
                written += CHUNK;
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            fill();
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    @Test
    @Tag("process")
    default void childNeverReadingStdinFillsTheWaterMarksNotTheHeap() {
        ChildProbe child = spawn(new ChildProbe(this, false), "sleep", "600");
        StdinFiller filler = call(() -> {
            StdinFiller f = new StdinFiller(child.transport());
            child.transport().registerProducer(f);
            f.fill();
            return f;
        });
        // Where it comes to rest: paused, with the queue above the low-water mark and at most a chunk
        // past the high one (a backend that writes pipes from a thread may still hand the kernel a
        // little more after the pause, which lowers the queue but does not resume the producer).
        await("the producer paused with a full queue",
                () -> filler.paused && call(() -> child.transport().isWriteBufferFull()));
        long queued = call(() -> child.transport().queuedBytes());
        assertTrue(queued > DEFAULT_LOW_WATER && queued <= DEFAULT_HIGH_WATER + StdinFiller.CHUNK,
                "queued " + queued + " bytes; the water marks are " + DEFAULT_LOW_WATER + " and " + DEFAULT_HIGH_WATER);
        assertTrue(filler.paused, "the producer resumed though the child reads nothing");
        assertTrue(filler.written < 1024 * 1024, "wrote " + filler.written + " bytes into a child that reads nothing");
        exec(() -> child.transport().signalProcess(ProcessSignal.KILL));
        assertEquals(new ExitStatus.Killed(9), child.awaitEnded());
    }

    @Test
    @Tag("process")
    default void signalProcessEndsTheChildWithThatSignalAndLaterSignalsAreRefused() {
        ChildProbe child = spawn(new ChildProbe(this, false), "cat");
        exec(() -> child.transport().signalProcess(ProcessSignal.TERM));
        ExitStatus status = child.awaitEnded();
        assertEquals(new ExitStatus.Killed(15), status);
        assertFalse(status.success());
        assertEquals("killed by SIGTERM", status.toString());
        RuntimeException refused = call(() -> {
            try {
                child.transport().signalProcess(ProcessSignal.TERM);
                return null;
            } catch (RuntimeException expected) {
                return expected;
            }
        });
        assertInstanceOf(ProcessExitedAlready.class, refused, "a signal to a reaped child");
    }

    @Test
    @Tag("process")
    default void protocolThrowingOnOutputLosesThatStreamAndTheChildStillEnds() {
        ChildProbe child = new ChildProbe(this, false) {
            @Override
            void received(int fd, byte[] bytes) {
                throw new IllegalStateException("thrown by the test on purpose");
            }
        };
        spawn(child, sh("printf x"));
        assertEquals(new ExitStatus.Exited(0), child.awaitEnded());
        assertTrue(child.events.contains("lost 1"), child.events.toString());
        RuntimeException refused = call(() -> {
            try {
                child.transport().signalProcess(0);
                return null;
            } catch (RuntimeException expected) {
                return expected;
            }
        });
        assertInstanceOf(IllegalArgumentException.class, refused, "signal 0");
        ChildProbe next = spawn(new ChildProbe(this, true), sh("printf next"));
        assertEquals(new ExitStatus.Exited(0), next.awaitEnded());
        assertEquals("next", next.stdoutText());
    }

    @Test
    @Tag("process")
    default void childKilledBySignalOfItsOwnReportsTheSignal() {
        ChildProbe child = spawn(new ChildProbe(this, false), sh("kill -TERM $$"));
        assertEquals(new ExitStatus.Killed(15), child.awaitEnded());
    }

    @Test
    @Tag("process")
    default void outputWrittenJustBeforeExitIsAllDeliveredBeforeProcessEnded() {
        int size = 1_000_000;
        ChildProbe child = spawn(new ChildProbe(this, false), sh("head -c " + size + " /dev/zero; exit 7"));
        assertEquals(new ExitStatus.Exited(7), child.awaitEnded());
        assertEquals(size, child.stdoutAtEnd, "stdout bytes delivered before processEnded");
    }

    @Test
    @Tag("process")
    default void environmentAndWorkingDirectoryAreTheOnesGiven() throws Exception {
        Path directory = Files.createTempDirectory("torsion-child");
        try {
            ChildProbe child = new ChildProbe(this, true);
            Map<String, String> env = Map.of("FOO", "bar baz", "PATH", System.getenv("PATH"));
            exec(() -> reactor().spawnProcess(child,
                    List.of("sh", "-c", "printf '%s|%s|%s' \"$FOO\" \"${HOME-unset}\" \"$(pwd -P)\""), env, directory));
            assertEquals(new ExitStatus.Exited(0), child.awaitEnded());
            assertEquals("bar baz|unset|" + directory.toRealPath(), child.stdoutText());
        } finally {
            Files.deleteIfExists(directory);
        }
    }

    @Test
    @Tag("process")
    default void badInputIsRefusedClearlyAndLeaksNoDescriptor() throws Exception {
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            assertSpawnFails(IOException.class, List.of("/no/such/program-" + i), null, "/no/such/program-" + i);
            assertSpawnFails(IOException.class, List.of("sh", "-c", "true"), Path.of("/no/such/directory"),
                    "/no/such/directory");
        }
        assertSpawnFails(IllegalArgumentException.class, List.of(), null, "argv[0]");
        assertSpawnFails(IllegalArgumentException.class, List.of("sh", "a\0b"), null, "NUL");
        assertTrue(openDescriptors() <= before + 5, "descriptors open before " + before + ", after " + openDescriptors());
        ChildProbe child = spawn(new ChildProbe(this, true), sh("printf still-working"));
        assertEquals(new ExitStatus.Exited(0), child.awaitEnded());
        assertEquals("still-working", child.stdoutText());
    }

    private void assertSpawnFails(Class<? extends Exception> type, List<String> argv, Path directory, String mention) {
        Exception e = call(() -> {
            try {
                reactor().spawnProcess(new ChildProbe(this, false), argv, null, directory);
                return null;
            } catch (Exception expected) {
                return expected;
            }
        });
        assertTrue(type.isInstance(e), "spawning " + argv + " in " + directory + " gave " + e);
        if (mention != null) {
            assertTrue(e.getMessage().contains(mention), "the message names " + mention + ": " + e.getMessage());
        }
    }

    private static String waitChannel(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/wchan"));
        } catch (IOException e) {
            return "";
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
