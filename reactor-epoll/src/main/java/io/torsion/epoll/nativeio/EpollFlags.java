package io.torsion.epoll.nativeio;

/**
 * The bits of {@code struct epoll_event.events}, from {@code <linux/eventpoll.h>} (glibc's
 * {@code <sys/epoll.h>} repeats them). The reactor builds interest masks from these.
 */
public final class EpollFlags {

    private EpollFlags() {
    }

    /** Readable (or, on a listening socket, a connection to accept). */
    public static final int EPOLLIN = 0x001;
    /** Writable (or a non-blocking connect finished, one way or the other). */
    public static final int EPOLLOUT = 0x004;
    /** An error is pending (read it with SO_ERROR); reported whatever the mask says. */
    public static final int EPOLLERR = 0x008;
    /** Both directions are shut; reported whatever the mask says. */
    public static final int EPOLLHUP = 0x010;
    /** The peer shut down its sending side (half-close); only when asked for. */
    public static final int EPOLLRDHUP = 0x2000;
    /** Edge-triggered: report a change of readiness once, not every wait while it lasts. */
    public static final int EPOLLET = 0x80000000;
}
