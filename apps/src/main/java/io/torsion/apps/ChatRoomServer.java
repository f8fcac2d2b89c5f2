package io.torsion.apps;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast chat room: every line a member sends goes to every other member. Members are named
 * by the {@code HOST:PORT} of their connection.
 */
public final class ChatRoomServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 6001;

    private static final Logger log = LoggerFactory.getLogger(ChatRoomServer.class);

    private final int maxLine;
    private final long maxQueue;
    private final Set<Member> members = new LinkedHashSet<>();

    /**
     * @param maxQueue bytes a member may leave unread before it is dropped from the room, so a
     *     member that stops reading neither holds back the sender nor grows the server without bound
     */
    public ChatRoomServer(int maxLine, long maxQueue) {
        this.maxLine = maxLine;
        this.maxQueue = maxQueue;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new Member();
    }

    /** Encodes {@code line} once and sends the same read-only bytes to every member but {@code from}. */
    private void broadcast(Member from, String line) {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        for (Member member : members) {
            if (member != from) {
                member.deliver(bytes);
            }
        }
    }

    private final class Member extends TextLineProtocol {

        private String name;

        Member() {
            super(maxLine);
        }

        @Override
        public void connectionMade() {
            name = HostPort.of(transport.getPeer());
            members.add(this);
            sendLine("welcome " + name + ", " + members.size() + " in room");
            broadcast(this, "[" + name + "] entered room");
        }

        /** Sends a line, dropping this member when it has left too much unread. */
        void deliver(ByteBuffer line) {
            sendLine(line);
            if (transport.queuedBytes() > maxQueue && transport.isOpen()) {
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
            members.remove(this);
            broadcast(this, "[" + name + "] left room");
        }
    }
}
