package io.torsion.epoll.nativeio;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One end of a pipe to a child process, close-on-exec. Made blocking (the child's ends must be:
 * most programs fail on a non-blocking standard stream); the reactor's ends are then made
 * non-blocking with {@link #setNonBlocking()} (each end is its own open file description, so the
 * child's ends are unaffected). Results as in {@link NativeSocket}: a count, 0 for end of stream,
 * {@link #WOULD_BLOCK}; EINTR retried; a reader that is gone (EPIPE) throws {@link PeerResetException}.
 */
public final class NativePipe extends Fd {

    /** Nothing to read or no room to write (EAGAIN). */
    public static final int WOULD_BLOCK = (int) AGAIN;


    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final int PIPE_FDS_SIZE = 8; // int[2]

    private final ProcessLibC calls;

    private NativePipe(Native nat, int fd) {
        super(nat, fd);
        this.calls = ProcessCalls.libc();
    }

    /** A new pipe: [0] the read end, [1] the write end, both blocking and close-on-exec. */
    public static NativePipe[] open() throws IOException {
        Native nat = Native.get();
        NativeMemory fds = NativeMemory.allocate(PIPE_FDS_SIZE);
        try {
            if (ProcessCalls.libc().pipe2(fds.address(), LinuxConstants.O_CLOEXEC) != 0) {
                throw failure("pipe2", nat.errno());
            }
            return new NativePipe[] {
                new NativePipe(nat, fds.pointer().getInt(0)), new NativePipe(nat, fds.pointer().getInt(4))
            };
        } finally {
            fds.free();
        }
    }

    /** Makes this end non-blocking (the reactor's ends only). */
    public void setNonBlocking() throws IOException {
        if (calls.fcntl(intValue(), LinuxConstants.F_SETFL, LinuxConstants.O_NONBLOCK) != 0) {
            throw failure("fcntl(F_SETFL, O_NONBLOCK)", nat.errno());
        }
    }

    /** Reads into direct buffer {@code dst} from its position, advancing it: the count, 0 at end, or WOULD_BLOCK. */
    public int read(ByteBuffer dst, IoVector addresses) throws IOException {
        int position = dst.position();
        long n;
        do {
            n = transferred(calls.read(intValue(), addresses.addressOf(dst) + position, dst.remaining()), "read(pipe)");
        } while (n == INTERRUPTED);
        if (n > 0) {
            dst.position(position + (int) n);
        }
        return (int) n;
    }

    /** Writes {@code src}'s remaining bytes, advancing it by what the pipe took: the count or WOULD_BLOCK. */
    public int write(ByteBuffer src, IoVector vector) throws IOException {
        if (!src.isDirect()) {
            return (int) write(new ByteBuffer[] {src}, 0, 1, vector); // staged through the vector
        }
        int position = src.position();
        long n;
        do {
            n = transferred(calls.write(intValue(), IO.getDirectBufferAddress(src) + position, src.remaining()), "write(pipe)");
        } while (n == INTERRUPTED);
        if (n > 0) {
            src.position(position + (int) n);
        }
        return (int) n;
    }

    /** Writes {@code srcs[offset .. offset+length)} in one writev, advancing them: the count or WOULD_BLOCK. */
    public long write(ByteBuffer[] srcs, int offset, int length, IoVector vector) throws IOException {
        vector.clear();
        for (int i = offset; i < offset + length && vector.add(srcs[i]); i++) {
            // add() takes each buffer's remaining bytes until the vector is full
        }
        long n;
        do {
            n = transferred(calls.writev(intValue(), vector.iovecsAddress(), vector.count()), "writev(pipe)");
        } while (n == INTERRUPTED);
        if (n > 0) {
            IoVector.advance(srcs, offset, length, n);
        }
        return n;
    }
}
