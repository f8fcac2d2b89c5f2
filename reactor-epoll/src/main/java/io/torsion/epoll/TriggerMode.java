package io.torsion.epoll;

import io.torsion.epoll.nativeio.EpollFlags;

/** How the reactor asks epoll to report readiness, and what each mode obliges the reader to do. */
enum TriggerMode {

    /**
     * Reported on every wait while the condition lasts. One read per readiness per connection:
     * whatever is left is reported again on the next wait, so connections take turns.
     */
    LEVEL("epoll-lt", 0, 1),

    /**
     * Reported once per change (EPOLLET). The reader must drain until EAGAIN or remember that it did
     * not: a connection whose budget ran out goes on the reactor's ready list.
     */
    EDGE("epoll-et", EpollFlags.EPOLLET, EdgeBudget.READS_PER_WAKEUP);

    private final String reactorName;
    private final int epollFlags;
    private final int readsPerWakeup;

    TriggerMode(String reactorName, int epollFlags, int readsPerWakeup) {
        this.reactorName = reactorName;
        this.epollFlags = epollFlags;
        this.readsPerWakeup = readsPerWakeup;
    }

    String reactorName() {
        return reactorName;
    }

    /** Added to every socket registration: EPOLLET or nothing. */
    int epollFlags() {
        return epollFlags;
    }

    /** Reads of up to one read buffer per connection per wake-up. */
    int readsPerWakeup() {
        return readsPerWakeup;
    }

    boolean isEdge() {
        return this == EDGE;
    }

    /** Named constants of the edge-triggered budget, apart so the enum constants can refer to them. */
    static final class EdgeBudget {
        /** 16 reads of 64 KiB: 1 MiB per connection per wake-up, then others get their turn. */
        static final int READS_PER_WAKEUP = 16;

        private EdgeBudget() {
        }
    }
}
