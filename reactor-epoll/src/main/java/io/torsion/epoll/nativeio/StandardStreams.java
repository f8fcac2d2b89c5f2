package io.torsion.epoll.nativeio;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads standard input and writes standard output (fds 0 and 1) for a reactor that watches stdin
 * with epoll. It does not own the descriptors and never closes them; it owns only the staging
 * memory that heap buffers are copied through, freed with {@link #free()}.
 *
 * <p>The descriptors stay blocking: their open file descriptions are shared with the shell and
 * other processes, and setting O_NONBLOCK on a terminal would leak into them. So the reactor reads
 * stdin only when epoll (level-triggered) reports it readable, once per report, and a write to
 * stdout waits until the reader takes it, as the helper-thread fallback does.
 */
public final class StandardStreams {

    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STAGING_BYTES = 16 * 1024;
    private static final MemoryIO IO = MemoryIO.getInstance();

    private final Native nat = Native.get();
    private final NativeMemory staging = NativeMemory.allocate(STAGING_BYTES);
    private final ByteBuffer stagingView = IO.newDirectByteBuffer(staging.address(), STAGING_BYTES);

    /** The descriptor of standard input, for registering it. */
    public int stdinFd() {
        return STDIN;
    }

    /**
     * Reads into direct buffer {@code dst} from its position, advancing it. Returns the count or 0 at
     * end of input; call only after epoll reported stdin readable, or it blocks.
     */
    public int read(ByteBuffer dst) throws IOException {
        int position = dst.position();
        while (true) {
            long n = nat.libc().read(STDIN, IO.getDirectBufferAddress(dst) + position, dst.remaining());
            if (n >= 0) {
                dst.position(position + (int) n);
                return (int) n;
            }
            int errno = nat.errno();
            if (errno != Errno.EINTR) {
                throw Fd.failure("read(stdin)", errno);
            }
        }
    }

    /** Writes all of {@code src} to standard output, advancing it; EPIPE when the reader is gone. */
    public int write(ByteBuffer src) throws IOException {
        int total = src.remaining();
        while (src.hasRemaining()) {
            int length;
            long address;
            if (src.isDirect()) {
                length = src.remaining();
                address = IO.getDirectBufferAddress(src) + src.position();
            } else {
                length = Math.min(src.remaining(), STAGING_BYTES);
                stagingView.put(0, src, src.position(), length);
                address = staging.address();
            }
            long n = nat.libc().write(STDOUT, address, length);
            if (n < 0) {
                int errno = nat.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw Fd.failure("write(stdout)", errno);
            }
            src.position(src.position() + (int) n);
        }
        return total;
    }

    /** Frees the staging memory. Idempotent. */
    public void free() {
        staging.free();
    }
}
