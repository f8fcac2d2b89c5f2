package io.torsion.epoll;

/** What a registration's events are delivered to: a connection, a listener, the wake-up, stdin. */
interface EpollHandler {

    /** epoll reported {@code events} (EPOLLIN, EPOLLOUT, EPOLLERR, ...) for this handler's fd. */
    void onEvents(int events);

    /**
     * Called from the edge-triggered ready list: go on where the last budget ran out. Returns true
     * when the budget ran out again and the handler should stay on the list.
     */
    default boolean continueReady() {
        return false;
    }

    /** Closes the handler's descriptor if it still owns one; called at shutdown for what is left. */
    default void release() {
    }
}
