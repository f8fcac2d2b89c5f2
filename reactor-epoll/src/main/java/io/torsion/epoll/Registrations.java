package io.torsion.epoll;

import io.torsion.epoll.nativeio.RegistrationTag;
import java.util.Arrays;

/**
 * The reactor's table from fd to its live registration, and the generation counter that makes each
 * registration's tag unique. An event whose tag is not the live one for its fd is stale (its fd was
 * closed, and the number perhaps reused, after the kernel queued the event) and is dropped.
 * Reactor thread only.
 */
final class Registrations {

    private EpollRegistration[] byFd = new EpollRegistration[1024];
    private long[] tags = new long[1024];
    private int nextGeneration = 1;
    private int size;

    /** Records {@code registration} as live for its fd and returns its new tag. */
    long add(EpollRegistration registration) {
        int fd = registration.fd();
        if (fd >= byFd.length) {
            int length = Math.max(fd + 1, byFd.length * 2);
            byFd = Arrays.copyOf(byFd, length);
            tags = Arrays.copyOf(tags, length);
        }
        if (byFd[fd] == null) {
            size++;
        }
        byFd[fd] = registration;
        int generation = nextGeneration++;
        if (nextGeneration == 0) {
            nextGeneration = 1; // 0 is never a live generation
        }
        tags[fd] = RegistrationTag.of(fd, generation);
        return tags[fd];
    }

    /** Forgets {@code registration}, if it is still the live one for its fd. */
    void remove(EpollRegistration registration) {
        int fd = registration.fd();
        if (fd < byFd.length && byFd[fd] == registration) {
            byFd[fd] = null;
            tags[fd] = 0; // generation 0 is never live, so no tag matches an empty slot
            size--;
        }
    }

    /** The live registration {@code tag} belongs to, or null when the event is stale. */
    EpollRegistration lookup(long tag) {
        int fd = RegistrationTag.fd(tag);
        if (fd < 0 || fd >= byFd.length) {
            return null;
        }
        return tags[fd] == tag ? byFd[fd] : null;
    }

    /** Live registrations, for shutdown and tests. */
    int size() {
        return size;
    }

    /** Every live registration (a copy), for releasing what is left at shutdown. */
    EpollRegistration[] snapshot() {
        EpollRegistration[] live = new EpollRegistration[size];
        int n = 0;
        for (EpollRegistration registration : byFd) {
            if (registration != null) {
                live[n++] = registration;
            }
        }
        return live;
    }
}
