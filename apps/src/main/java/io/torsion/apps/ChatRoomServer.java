package io.torsion.apps;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast chat room: every line a member sends goes to every other member. Members are named
 * by the {@code HOST:PORT} of their connection.
 *
 * <p>One server holds the members of one loop. A room served by several loops gives each loop a
 * server of its own ({@link #perLoop}); a line is encoded once, sent by its sender's loop to the
 * members there, and handed once to every other loop, which sends it to its own members. So a
 * member's transport is only ever written by the loop it lives on, each loop's hand-overs run in
 * the order they were made (a sender's lines keep their order everywhere), and a member's queue
 * and the slow-member drop work as on one loop. Lines are numbered as their broadcasts begin, and a
 * member hears exactly those numbered after it came in, as on one loop, even when a hand-over of an
 * earlier line reaches its loop only after it was accepted there.
 */
public final class ChatRoomServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 6001;

    private static final Logger log = LoggerFactory.getLogger(ChatRoomServer.class);

    private final ChatRoom room;
    /** The loop this server's members live on; null for a room of its own on one loop, never handed a task. */
    private final Reactor loop;
    private final Set<Member> members = new LinkedHashSet<>();
    /** Bytes other loops handed to this one that it has not yet sent to its members. */
    private final AtomicLong handedOver = new AtomicLong();
    /** Set when a sender elsewhere was held back because of this loop's backlog; cleared once it drained. */
    private final AtomicBoolean behind = new AtomicBoolean();
    /** This loop's members not read while another loop is behind; touched on this loop only. */
    private final List<Member> heldBack = new ArrayList<>();

    /**
     * A room of its own, on one loop.
     *
     * @param maxQueue bytes a member may leave unread before it is dropped from the room, so a
     *     member that stops reading neither holds back the sender nor grows the server without bound
     */
    public ChatRoomServer(int maxLine, long maxQueue) {
        this(new ChatRoom(maxLine, maxQueue), null);
    }

    private ChatRoomServer(ChatRoom room, Reactor loop) {
        this.room = room;
        this.loop = loop;
        room.join(this);
    }

    /**
     * One room served by several loops: each call gives the loop it is passed a server of its own in
     * the same room. Call it once per loop, and let only connections living on that loop use what it
     * returns.
     */
    public static Function<Reactor, Factory> perLoop(int maxLine, long maxQueue) {
        ChatRoom room = new ChatRoom(maxLine, maxQueue);
        return loop -> new ChatRoomServer(room, loop);
    }

    /** Bytes other loops handed to this one and it has not sent yet; any thread. */
    long handedOverBytes() {
        return handedOver.get();
    }

    /** How many of this loop's members are not read while another loop is behind; on this loop. */
    int heldBackCount() {
        return heldBack.size();
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new Member();
    }

    /**
     * Encodes {@code line} once and sends the same read-only bytes to every member but {@code from}:
     * at once to this loop's, and through one hand-over per other loop. Each other loop gets a view
     * of its own, since a send moves a buffer's position for a moment and a buffer object must not
     * be shared between threads; the bytes themselves are never copied.
     */
    private void broadcast(Member from, String line) {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        long number = room.nextLine();
        for (ChatRoomServer other : room.loops()) {
            if (other == this) {
                deliver(bytes, number, from);
            } else {
                handOver(other, bytes.duplicate(), number, from);
            }
        }
    }

    /**
     * Hands line {@code number} to {@code other}'s loop. When that loop has more than
     * {@code --max-queue} bytes of other loops' lines still to send, the sender is read no more
     * until it caught up: a loop that falls behind slows the room, as one loop's own pace does,
     * instead of piling lines up without bound.
     */
    private void handOver(ChatRoomServer other, ByteBuffer view, long number, Member from) {
        long backlog = other.handedOver.addAndGet(view.remaining());
        other.loop.callFromThread(() -> other.deliverHandedOver(view, number));
        if (backlog > room.maxQueue && from.holdBack()) {
            heldBack.add(from);
            other.behind.set(true);
            other.clearIfCaughtUp(); // it may have drained before it was marked
        }
    }

    /** A line another loop handed over, sent to this loop's members; runs on this loop. */
    private void deliverHandedOver(ByteBuffer line, long number) {
        int length = line.remaining();
        deliver(line, number, null);
        handedOver.addAndGet(-length);
        clearIfCaughtUp();
    }

    /** Once at most half of {@code --max-queue} is left to send, tells every loop to read its held-back senders again. */
    private void clearIfCaughtUp() {
        if (handedOver.get() <= room.maxQueue / 2 && behind.compareAndSet(true, false)) {
            for (ChatRoomServer other : room.loops()) {
                other.loop.callFromThread(other::resumeHeldBack);
            }
        }
    }

    /** Reads this loop's held-back senders again, unless some loop is still behind; runs on this loop. */
    private void resumeHeldBack() {
        for (ChatRoomServer other : room.loops()) {
            if (other.behind.get()) {
                return; // that loop tells everyone again when it has caught up
            }
        }
        List<Member> resuming = new ArrayList<>(heldBack); // a resumed sender may be held back again at once
        heldBack.clear();
        for (Member member : resuming) {
            member.resumeProducing();
        }
    }

    /** Sends line {@code number} to this loop's members but {@code from}; runs on this loop. */
    private void deliver(ByteBuffer line, long number, Member from) {
        for (Member member : members) {
            if (member != from && number > member.cameIn) {
                member.deliver(line);
            }
        }
    }

    private final class Member extends TextLineProtocol {

        private String name;
        /** The number of the last line broadcast before this member came in: it hears only later ones. */
        private long cameIn;

        Member() {
            super(room.maxLine);
        }

        @Override
        public void connectionMade() {
            if (loop != null && !loop.isReactorThread()) {
                throw new IllegalStateException("a chat room member on another loop than its server's:"
                        + " give each loop its own server (ChatRoomServer.perLoop)");
            }
            name = HostPort.of(transport.getPeer());
            cameIn = room.lastLine();
            members.add(this);
            sendLine("welcome " + name + ", " + room.entered() + " in room");
            broadcast(this, "[" + name + "] entered room");
        }

        /** Stops reading this member, unless it is closing or already not read; true when it did. */
        boolean holdBack() {
            if (!transport.isOpen() || isPaused()) {
                return false;
            }
            pauseProducing();
            return true;
        }

        /** Sends a line, dropping this member when it has left too much unread. */
        void deliver(ByteBuffer line) {
            sendLine(line);
            if (transport.queuedBytes() > room.maxQueue && transport.isOpen()) {
                log.info("{} dropped: {} bytes unread", name, transport.queuedBytes());
                transport.abortConnection();
            }
        }

        @Override
        protected void lineReceived(String line) {
            broadcast(this, "<" + name + "> " + line);
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            heldBack.remove(this);
            if (members.remove(this)) {
                room.left();
                broadcast(this, "[" + name + "] left room");
            }
        }
    }
}
