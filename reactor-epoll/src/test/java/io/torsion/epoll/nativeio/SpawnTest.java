package io.torsion.epoll.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torsion.api.ExitStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native process layer without a reactor: posix_spawnp onto pipes, reading them, the pidfd
 * becoming readable at exit, waitpid's status decoded, signals through the pidfd.
 */
@Timeout(20)
class SpawnTest {

    private final IoVector vector = new IoVector();

    /** A child's three pipes; [fd][0] read end, [fd][1] write end. */
    private static NativePipe[][] pipes() throws IOException {
        return new NativePipe[][] {NativePipe.open(), NativePipe.open(), NativePipe.open()};
    }

    private static long spawn(NativePipe[][] p, List<String> argv, String dir) throws IOException {
        try {
            return Spawn.spawn(argv, Map.of("PATH", System.getenv("PATH"), "X", "y"), dir,
                    p[0][0].intValue(), p[1][1].intValue(), p[2][1].intValue());
        } finally {
            p[0][0].close();
            p[1][1].close();
            p[2][1].close();
        }
    }

    /** Reads a blocking read end to its end. */
    private String readAll(NativePipe pipe) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (pipe.read(buffer.clear(), vector) > 0) {
            buffer.flip();
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits with epoll for the pidfd to become readable, then reaps. */
    private static ExitStatus awaitExit(PidFd pidfd) throws IOException {
        Epoll epoll = Epoll.create();
        EpollEventArray events = new EpollEventArray(1);
        try {
            epoll.add(pidfd.intValue(), EpollFlags.EPOLLIN, 7);
            assertEquals(1, epoll.wait(events, 10_000), "pidfd readable within 10 s");
            ExitStatus status = pidfd.reap();
            assertTrue(status != null, "reaped after the pidfd was readable");
            return status;
        } finally {
            events.free();
            epoll.close();
        }
    }

    @Test
    void spawnedChildWritesToItsPipesAndItsExitCodeIsReaped() throws Exception {
        NativePipe[][] p = pipes();
        long pid = spawn(p, List.of("sh", "-c", "printf \"out $X\"; printf err >&2; read line; exit $line"), null);
        PidFd pidfd = PidFd.open(pid);
        try {
            assertEquals(2, p[0][1].write(ByteBuffer.wrap("5\n".getBytes(StandardCharsets.US_ASCII)), vector));
            p[0][1].close();
            assertEquals("out y", readAll(p[1][0]));
            assertEquals("err", readAll(p[2][0]));
            assertEquals(new ExitStatus.Exited(5), awaitExit(pidfd));
        } finally {
            pidfd.close();
            p[1][0].close();
            p[2][0].close();
        }
    }

    @Test
    void signalThroughThePidfdKillsAndAReapedChildRefusesSignals() throws Exception {
        NativePipe[][] p = pipes();
        long pid = spawn(p, List.of("cat"), null);
        PidFd pidfd = PidFd.open(pid);
        try {
            assertTrue(pidfd.sendSignal(15));
            assertEquals(new ExitStatus.Killed(15), awaitExit(pidfd));
            assertFalse(pidfd.sendSignal(15), "ESRCH once reaped");
        } finally {
            pidfd.close();
            p[0][1].close();
            p[1][0].close();
            p[2][0].close();
        }
    }

    @Test
    void workingDirectoryIsTheChildsAndAMissingProgramFailsBeforeAnyChild() throws Exception {
        NativePipe[][] p = pipes();
        long pid = spawn(p, List.of("pwd"), "/usr");
        PidFd pidfd = PidFd.open(pid);
        try {
            assertEquals("/usr\n", readAll(p[1][0]));
            assertEquals(new ExitStatus.Exited(0), awaitExit(pidfd));
        } finally {
            pidfd.close();
            p[0][1].close();
            p[1][0].close();
            p[2][0].close();
        }
        NativePipe[][] q = pipes();
        NativeIoException e = assertThrows(NativeIoException.class, () -> spawn(q, List.of("/no/such/program"), null));
        assertEquals(Errno.ENOENT, e.errno());
        for (NativePipe[] pipe : q) {
            pipe[0].close();
            pipe[1].close();
        }
    }

    @Test
    void waitStatusIsDecodedAsGlibcLaysItOut() {
        assertEquals(new ExitStatus.Exited(0), PidFd.decode(0));
        assertEquals(new ExitStatus.Exited(3), PidFd.decode(3 << 8));
        assertEquals(new ExitStatus.Exited(255), PidFd.decode(255 << 8));
        assertEquals(new ExitStatus.Killed(9), PidFd.decode(9));
        assertEquals(new ExitStatus.Killed(11), PidFd.decode(11 | 0x80)); // with a core dump
    }
}
