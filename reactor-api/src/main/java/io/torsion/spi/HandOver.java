package io.torsion.spi;

import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListenStrategy;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a group's acceptor gives each accepted handle to a loop: it picks the loop, puts the handle in
 * that loop's inbox and asks the loop, with {@code callFromThread}, to take one out. The loop moves
 * the handle to itself and adopts it on its own thread, so a handle is only ever registered by the
 * loop that serves it. A loop that is stopping closes what it finds; what is still in an inbox when
 * the group has finished is closed then, so no descriptor is left behind.
 */
final class HandOver {

    /** Handles given to one loop and not yet taken up by it. */
    private static final class Inbox {
        final ConcurrentLinkedQueue<Arrival> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger waiting = new AtomicInteger();
    }

    private record Arrival(StreamHandle handle, Factory factory) {
    }

    private final List<EventLoop> loops;
    private final Inbox[] inboxes;
    private final AtomicInteger turn = new AtomicInteger();

    HandOver(List<EventLoop> loops) {
        this.loops = loops;
        this.inboxes = new Inbox[loops.size()];
        for (int i = 0; i < inboxes.length; i++) {
            inboxes[i] = new Inbox();
        }
    }

    /** On the acceptor's thread: gives {@code handle} to the loop {@code strategy} picks. */
    void handOver(StreamHandle handle, GroupFactory factory, ListenStrategy strategy) {
        int chosen = strategy == ListenStrategy.ROUND_ROBIN ? nextInTurn() : leastLoaded();
        if (chosen < 0) {
            handle.close(); // every loop is stopping: the client sees the connection closed
            return;
        }
        EventLoop loop = loops.get(chosen);
        Inbox inbox = inboxes[chosen];
        inbox.waiting.incrementAndGet();
        inbox.queue.add(new Arrival(handle, factory.forLoop(loop)));
        loop.callFromThread(() -> takeOne(loop, inbox));
    }

    /** On {@code loop}'s thread: adopts the next handle of its inbox, or closes it when stopping. */
    private static void takeOne(EventLoop loop, Inbox inbox) {
        Arrival arrival = inbox.queue.poll();
        if (arrival == null) {
            return;
        }
        inbox.waiting.decrementAndGet();
        if (!loop.takesConnections()) {
            arrival.handle().close();
            return;
        }
        StreamHandle mine;
        try {
            mine = arrival.handle().moveTo(loop);
        } catch (RuntimeException e) {
            arrival.handle().close();
            loop.uncaughtError(loop.name() + ": cannot take over a connection from the acceptor", e);
            return;
        }
        loop.adoptAccepted(mine, arrival.factory());
    }

    /** Once every loop has finished: closes the handles no loop took up. */
    void closeUnclaimed() {
        for (Inbox inbox : inboxes) {
            Arrival left;
            while ((left = inbox.queue.poll()) != null) {
                inbox.waiting.decrementAndGet();
                left.handle().close();
            }
        }
    }

    /** The next loop in turn that takes connections; -1 when none does. */
    private int nextInTurn() {
        for (int tries = 0; tries < loops.size(); tries++) {
            int i = Math.floorMod(turn.getAndIncrement(), loops.size());
            if (loops.get(i).takesConnections()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The loop with the fewest connections, counting those waiting in its inbox (so a loop stuck in a
     * callback, whose inbox only grows, is passed over); ties go round in turn. -1 when none takes any.
     */
    private int leastLoaded() {
        int start = Math.floorMod(turn.getAndIncrement(), loops.size());
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int k = 0; k < loops.size(); k++) {
            int i = (start + k) % loops.size();
            EventLoop loop = loops.get(i);
            if (!loop.takesConnections()) {
                continue;
            }
            int load = loop.connectionCount() + inboxes[i].waiting.get();
            if (load < bestLoad) {
                best = i;
                bestLoad = load;
            }
        }
        return best;
    }
}
