package io.torsion.epoll;

import io.torsion.spi.ReadinessHandler;

/**
 * How a stream's readiness becomes reads, in either trigger mode, for every handle that reads
 * (a socket, a pipe). Level-triggered: one read per report, fair between streams. Edge-triggered:
 * a budget of reads; if it runs out, the handle goes on the ready list and continues next round
 * without a new edge. And a hang-up (FIN, a pipe's writer gone) that came with the last data raises
 * no new edge, so once it was seen, one more read after the budget's short read collects the end.
 */
final class EdgeTriggeredReader {

    private final EpollReactor reactor;
    private final EpollHandler owner;
    private ReadinessHandler handler;
    private boolean readyQueued;
    private boolean hangUpSeen;

    EdgeTriggeredReader(EpollReactor reactor, EpollHandler owner) {
        this.reactor = reactor;
        this.owner = owner;
    }

    void reportTo(ReadinessHandler readiness) {
        this.handler = readiness;
    }

    /** epoll reported EPOLLRDHUP, EPOLLHUP or EPOLLERR: the other side will send no more. */
    void hangUpSeen() {
        hangUpSeen = true;
    }

    /** Readable: reads as the mode says. */
    void read() {
        if (!reactor.mode().isEdge()) {
            handler.onReadable(1);
        } else if (readEdge() && !readyQueued) {
            readyQueued = true;
            reactor.ready(owner);
        }
    }

    /** The owner's {@link EpollHandler#continueReady()}: one more budget from the ready list. */
    boolean continueReady() {
        readyQueued = false;
        if (handler.isClosed()) {
            return false;
        }
        readyQueued = readEdge();
        return readyQueued;
    }

    /** One edge-triggered budget of reads; true when it ran out with more perhaps waiting. */
    private boolean readEdge() {
        boolean more = handler.onReadable(reactor.mode().readsPerWakeup());
        if (!more && hangUpSeen && !handler.isClosed()) {
            handler.onReadable(1); // the short read emptied the queue; the hang-up raises no new edge
        }
        return more;
    }
}
