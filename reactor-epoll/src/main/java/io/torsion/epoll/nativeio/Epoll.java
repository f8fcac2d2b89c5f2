package io.torsion.epoll.nativeio;

import java.io.IOException;

/**
 * One epoll instance: the descriptor from {@code epoll_create1} and the single-event buffer that
 * {@code epoll_ctl} reads its argument from. Used on the reactor thread only.
 */
public final class Epoll extends Fd {

    private final EpollEventArray ctlEvent = new EpollEventArray(1);

    private Epoll(Native nat, int fd) {
        super(nat, fd);
    }

    /** A new epoll instance, close-on-exec. */
    public static Epoll create() throws IOException {
        Native nat = Native.get();
        int fd = nat.libc().epoll_create1(LinuxConstants.EPOLL_CLOEXEC);
        if (fd < 0) {
            throw failure("epoll_create1", nat.errno());
        }
        return new Epoll(nat, fd);
    }

    /**
     * Starts watching {@code target} for {@code events}, tagged with {@code tag}. Returns false when
     * the kernel cannot poll that kind of file (EPERM: a regular file or a directory, as standard
     * input may be); the caller then reads it some other way.
     */
    public boolean add(int target, int events, long tag) throws IOException {
        int rc = ctl(LinuxConstants.EPOLL_CTL_ADD, target, events, tag);
        if (rc == 0) {
            return true;
        }
        int errno = nat.errno();
        if (errno == Errno.EPERM) {
            return false;
        }
        throw failure("epoll_ctl(ADD, fd " + target + ")", errno);
    }

    /**
     * Changes what {@code target} is watched for. {@code events} must not be empty: EPOLLHUP and
     * EPOLLERR are reported whatever the mask, so an fd with nothing to watch must be
     * {@link #delete deleted}, not modified to 0.
     */
    public void modify(int target, int events, long tag) throws IOException {
        if ((events & ~EpollFlags.EPOLLET) == 0) {
            throw new IllegalArgumentException("empty interest for fd " + target + ": delete it instead");
        }
        if (ctl(LinuxConstants.EPOLL_CTL_MOD, target, events, tag) != 0) {
            throw failure("epoll_ctl(MOD, fd " + target + ")", nat.errno());
        }
    }

    /**
     * Stops watching {@code target}. A target that is not registered (ENOENT) or already closed
     * (EBADF; closing removes it from every epoll set) is not an error.
     */
    public void delete(int target) throws IOException {
        if (ctl(LinuxConstants.EPOLL_CTL_DEL, target, 0, 0) != 0) {
            int errno = nat.errno();
            if (errno != Errno.ENOENT && errno != Errno.EBADF) {
                throw failure("epoll_ctl(DEL, fd " + target + ")", errno);
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever, 0: poll) and fills {@code events}; returns how
     * many are ready. A signal interrupting the wait (EINTR) returns 0 rather than retrying, so the
     * caller recomputes the timeout from its timers before waiting again.
     */
    public int wait(EpollEventArray events, int timeoutMillis) throws IOException {
        int n = libc.epoll_wait(intValue(), events.address(), events.capacity(), timeoutMillis);
        if (n >= 0) {
            return n;
        }
        int errno = nat.errno();
        if (errno == Errno.EINTR) {
            return 0;
        }
        throw failure("epoll_wait", errno);
    }

    private int ctl(int op, int target, int events, long tag) {
        ctlEvent.set(0, events, tag);
        return libc.epoll_ctl(intValue(), op, target, ctlEvent.address());
    }

    /** Closes the epoll descriptor and frees its buffer. Idempotent. */
    @Override
    public synchronized void close() {
        super.close();
        ctlEvent.free();
    }
}
