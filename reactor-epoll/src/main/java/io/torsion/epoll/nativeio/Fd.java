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
public abstract sealed class Fd permits NativeSocket, DatagramSocket, Epoll, EventFd, NativePipe, PidFd {

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
        return transferred(n, nat.errno(), call);
    }

    /** As {@link #transferred(long, String)} for a caller that has read errno already. */
    final long transferred(long n, int errno, String call) throws IOException {
        if (n >= 0) {
            return n;
        }
        if (errno == Errno.EAGAIN) {
            return AGAIN;
        }
        if (errno == Errno.EINTR) {
            return INTERRUPTED;
        }
        throw failure(call, errno);
    }

    /** setsockopt of an int option, through {@code buffer}'s int slot. */
    final void setIntOption(int level, int name, int value, SocketCallBuffer buffer) throws IOException {
        if (libc.setsockopt(fd, level, name, buffer.intValuePointer(value), 4) != 0) {
            throw failure("setsockopt(" + level + ", " + name + ")", nat.errno());
        }
    }

    /** getsockopt of an int option, through {@code buffer}'s int slot. */
    final int getIntOption(int level, int name, SocketCallBuffer buffer) throws IOException {
        long length = buffer.intLengthPointer();
        if (libc.getsockopt(fd, level, name, buffer.intValuePointer(0), length) != 0) {
            throw failure("getsockopt(" + level + ", " + name + ")", nat.errno());
        }
        return buffer.intValue();
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
