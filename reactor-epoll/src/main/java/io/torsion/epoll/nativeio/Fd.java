package io.torsion.epoll.nativeio;

import java.io.IOException;

/**
 * A file descriptor with exactly one owner: this object. It knows whether it is closed and closes
 * the descriptor exactly once, so a number the kernel has since handed to someone else is never
 * closed by mistake.
 *
 * <p>Subclasses turn -1/errno from their calls into results or precise exceptions; errno never
 * leaves this package. Calls are made on the owner's thread; only {@link #close()} (and
 * {@link EventFd#signal()}) take the object's lock, because a wake-up may race with shutdown.
 */
public abstract sealed class Fd permits NativeSocket, Epoll, EventFd, NativePipe, PidFd {

    final Native nat;
    final LibC libc;
    private final int fd;
    private volatile boolean closed;

    Fd(Native nat, int fd) {
        this.nat = nat;
        this.libc = nat.libc();
        this.fd = fd;
    }

    /** The descriptor number, for logs, registration tags and epoll_ctl. */
    public final int intValue() {
        return fd;
    }

    /** True until {@link #close()}. */
    public final boolean isOpen() {
        return !closed;
    }

    /**
     * Closes the descriptor. Idempotent. Never retried: Linux releases the number even when close
     * reports EINTR, and a retry could close a descriptor another thread just opened.
     */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }

    /** What {@link #transferred} returns for EAGAIN: nothing to read, or no room to write. */
    static final long AGAIN = -1;

    /** What {@link #transferred} returns for EINTR: the caller makes the call again. */
    static final long INTERRUPTED = -2;

    /**
     * The result of a read or write on this descriptor that returned {@code n}: n, {@link #AGAIN},
     * {@link #INTERRUPTED}, or thrown as the failure of {@code call}. Reads errno, so call it right
     * after the call.
     */
    final long transferred(long n, String call) throws IOException {
        if (n >= 0) {
            return n;
        }
        int errno = nat.errno();
        if (errno == Errno.EAGAIN) {
            return AGAIN;
        }
        if (errno == Errno.EINTR) {
            return INTERRUPTED;
        }
        throw failure(call, errno);
    }

    /** Builds the exception for a failed {@code call}, from errno read right after it. */
    static NativeIoException failure(String call, int errno) {
        if (errno == Errno.ECONNRESET || errno == Errno.EPIPE) {
            return new PeerResetException(call, errno);
        }
        return new NativeIoException(call, errno);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + fd + (closed ? ", closed]" : "]");
    }
}
