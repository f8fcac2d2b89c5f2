package io.torsion.epoll.nativeio;

import java.io.IOException;

/**
 * The reactor's wake-up: an eventfd the reactor watches for EPOLLIN and any thread may
 * {@link #signal()}. A signal adds one to the kernel's 64-bit counter; {@link #drain()} reads and
 * resets it, so many signals before one wait cost one wake-up.
 */
public final class EventFd extends Fd {

    private static final long ONE_OFFSET = 0; // the constant 1 that signal() writes; never changes
    private static final long DRAIN_OFFSET = 8; // where drain() reads the counter into

    private final NativeMemory counters = NativeMemory.allocate(16);
    private final long oneAddress;
    private final long drainAddress;

    private EventFd(Native nat, int fd) {
        super(nat, fd);
        counters.pointer().putLong(ONE_OFFSET, 1L);
        oneAddress = counters.address() + ONE_OFFSET;
        drainAddress = counters.address() + DRAIN_OFFSET;
    }

    /** A new non-blocking, close-on-exec eventfd with counter 0. */
    public static EventFd create() throws IOException {
        Native nat = Native.get();
        int fd = nat.libc().eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (fd < 0) {
            throw Fd.failure("eventfd", nat.errno());
        }
        return new EventFd(nat, fd);
    }

    /**
     * Wakes the reactor. Safe from any thread, and after {@link #close()} (then it does nothing):
     * the lock keeps a late signal from writing to a number the kernel has already reused. The
     * write cannot fail in practice (EAGAIN would need 2^64-2 unread signals), so it is not checked.
     */
    public synchronized void signal() {
        if (isOpen()) {
            libc.write(intValue(), oneAddress, 8);
        }
    }

    /** Resets the counter after a wake-up; EAGAIN (nothing pending) is fine. Reactor thread only. */
    public void drain() {
        libc.read(intValue(), drainAddress, 8);
    }

    /** Closes the descriptor and frees the counters. Idempotent. */
    @Override
    public synchronized void close() {
        super.close();
        counters.free();
    }
}
