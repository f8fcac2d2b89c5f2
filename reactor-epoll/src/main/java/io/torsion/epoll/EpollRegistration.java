package io.torsion.epoll;

import io.torsion.epoll.nativeio.Epoll;
import java.io.IOException;

/**
 * One fd's registration with epoll: what it is watched for and under which tag. Moving to an empty
 * interest deletes the registration (EPOLLHUP and EPOLLERR are reported whatever the mask, so an fd
 * "watched for nothing" would still wake the loop, endlessly in level-triggered mode); moving from
 * empty adds it again under a new tag.
 */
final class EpollRegistration {

    private final Epoll epoll;
    private final Registrations registrations;
    private final int fd;
    private final EpollHandler handler;
    private long tag;
    private int mask;

    EpollRegistration(Epoll epoll, Registrations registrations, int fd, EpollHandler handler) {
        this.epoll = epoll;
        this.registrations = registrations;
        this.fd = fd;
        this.handler = handler;
    }

    /**
     * Watches the fd for {@code events} (flags such as EPOLLET included), or for nothing when
     * {@code events} is 0. Returns false when the kernel cannot poll this kind of file (EPERM).
     */
    boolean watch(int events) throws IOException {
        if (events == mask) {
            return true;
        }
        if (events == 0) {
            registrations.remove(this);
            mask = 0;
            epoll.delete(fd);
            return true;
        }
        if (mask == 0) {
            tag = registrations.add(this);
            if (!epoll.add(fd, events, tag)) {
                registrations.remove(this);
                return false;
            }
        } else {
            epoll.modify(fd, events, tag);
        }
        mask = events;
        return true;
    }

    /**
     * Forgets the registration without a system call, right before the fd is closed: closing the
     * only descriptor of a socket removes it from the epoll set, and events already queued for it
     * become stale by their tag.
     */
    void forgetBeforeClose() {
        registrations.remove(this);
        mask = 0;
    }

    int fd() {
        return fd;
    }

    /** The events watched for now; 0 when not registered. */
    int mask() {
        return mask;
    }

    EpollHandler handler() {
        return handler;
    }
}
