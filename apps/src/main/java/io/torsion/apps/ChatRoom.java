package io.torsion.apps;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the loops serving one chat room share: the room's limits, the {@link ChatRoomServer} of each
 * loop, how many members are in, and the number of the last line broadcast. It holds no member and
 * writes to no transport; each loop's server does that for its own members, on its own thread.
 */
final class ChatRoom {

    final int maxLine;
    final long maxQueue;
    /** Every loop's server; replaced whole when a loop joins, so a broadcast reads it without a lock or an iterator. */
    private volatile ChatRoomServer[] loops = new ChatRoomServer[0];
    private final AtomicInteger members = new AtomicInteger();
    /**
     * Numbers every line (and notice) in the order broadcasts begin, so that a member who enters
     * hears exactly the lines numbered after it came in, even when another loop's hand-over of an
     * earlier line runs only after the member was accepted.
     */
    private final AtomicLong lines = new AtomicLong();

    ChatRoom(int maxLine, long maxQueue) {
        this.maxLine = maxLine;
        this.maxQueue = maxQueue;
    }

    synchronized void join(ChatRoomServer loop) {
        ChatRoomServer[] grown = Arrays.copyOf(loops, loops.length + 1);
        grown[loops.length] = loop;
        loops = grown;
    }

    ChatRoomServer[] loops() {
        return loops;
    }

    /** A member came in; returns how many are in now, on every loop. */
    int entered() {
        return members.incrementAndGet();
    }

    void left() {
        members.decrementAndGet();
    }

    /** The number of a line about to be broadcast. */
    long nextLine() {
        return lines.incrementAndGet();
    }

    /** The number of the last line broadcast so far: a member entering now hears only later ones. */
    long lastLine() {
        return lines.get();
    }
}
