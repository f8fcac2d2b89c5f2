package io.torsion.apps;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.Scheduler;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Function;

/**
 * Private chat: users pick a nickname, then leave each other messages in mailboxes and fetch
 * them with {@code getmessage}. A mailbox lives until its owner disconnects, or, for a name that is
 * not online, until the mailbox time-to-live passes without its owner logging in; the bytes held in
 * all mailboxes together are limited. A user who sends commands and does not read the replies is
 * not read from while the replies queued for them pass the transport's high-water mark.
 *
 * <p>Several loops can serve one chat ({@link #perLoop}): each has a server of its own, and all
 * share one {@link Mailboxes}, whose every step (taking a name, storing or fetching a message) is
 * atomic. A user never writes to another's connection here, only to a mailbox, so nothing has to
 * cross to another loop but a mailbox timer's cancel.
 */
public final class ChatServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 1201;

    /** Messages one mailbox holds at most; past that the sender is told it is full. */
    public static final int MAILBOX_LIMIT = 1000;

    /** Bytes all mailboxes together hold at most unless told otherwise (64 MiB). */
    public static final long DEFAULT_MAX_STORED = 64L * 1024 * 1024;

    /** How long a mailbox waits for an owner who is not online, unless told otherwise. */
    public static final Duration DEFAULT_MAILBOX_TTL = Duration.ofHours(24);

    private static final int MAX_NICKNAME = 32;

    private final int maxLine;
    /** The fixed replies, encoded once. */
    private final ByteBuffer askNickname = TextLineProtocol.encoded("Please enter your nickname");
    private final ByteBuffer noMessages = TextLineProtocol.encoded("no new messages");
    private final ByteBuffer bye = TextLineProtocol.encoded("Bye from server!");
    private final ByteBuffer usage = TextLineProtocol.encoded("usage: NAME:message | getmessage | list | bye");
    private final ByteBuffer invalidNickname = TextLineProtocol.encoded("Invalid nickname, please choose another");
    private final Mailboxes mailboxes;
    private final Loop loop;

    /** A server with the default limits: {@link #DEFAULT_MAX_STORED} and {@link #DEFAULT_MAILBOX_TTL}. */
    public ChatServer(int maxLine, Scheduler scheduler) {
        this(maxLine, DEFAULT_MAX_STORED, DEFAULT_MAILBOX_TTL, scheduler);
    }

    /**
     * @param maxStored bytes all mailboxes together may hold (each message is charged its text and a
     *     little more for the memory around it)
     * @param mailboxTtl how long a mailbox for a name that is not online waits for its owner
     * @param scheduler runs the expiry timers: the reactor the server listens on
     */
    public ChatServer(int maxLine, long maxStored, Duration mailboxTtl, Scheduler scheduler) {
        this(maxLine, new Mailboxes(MAILBOX_LIMIT, maxStored, mailboxTtl), Loop.only(scheduler));
    }

    /** One loop's server of a chat whose names and mailboxes are {@code mailboxes}. */
    ChatServer(int maxLine, Mailboxes mailboxes, Loop loop) {
        this.maxLine = maxLine;
        this.mailboxes = mailboxes;
        this.loop = loop;
    }

    /**
     * One chat served by several loops, with the limits of
     * {@link #ChatServer(int, long, Duration, Scheduler)} over all of them together: each call gives
     * the loop it is passed a server of its own sharing the names and mailboxes. Call it once per
     * loop, and let only connections living on that loop use what it returns.
     */
    public static Function<Reactor, Factory> perLoop(int maxLine, long maxStored, Duration mailboxTtl) {
        Mailboxes mailboxes = new Mailboxes(MAILBOX_LIMIT, maxStored, mailboxTtl);
        return reactor -> new ChatServer(maxLine, mailboxes, Loop.of(reactor));
    }

    /** Bytes charged to all mailboxes now. */
    long storedBytes() {
        return mailboxes.storedBytes();
    }

    /** Mailboxes that exist now. */
    int mailboxCount() {
        return mailboxes.count();
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new Chat();
    }

    private static boolean validNickname(String name) {
        return !name.isEmpty()
                && name.codePointCount(0, name.length()) <= MAX_NICKNAME
                && name.chars().noneMatch(c -> c == ':' || Character.isWhitespace(c));
    }

    private final class Chat extends TextLineProtocol {

        private String nickname;

        Chat() {
            super(maxLine);
        }

        @Override
        public void connectionMade() {
            // Stop reading commands while the replies to this client are backed up: one that sends and
            // never reads would otherwise grow the server without bound. Through the receiver, not the
            // transport, so the lines it holds when it pauses are answered on resume, not left waiting.
            transport.registerProducer(this);
            sendLine(askNickname);
        }

        @Override
        protected void lineReceived(String line) {
            String command = line.trim();
            int colon = line.indexOf(':');
            String to = colon < 0 ? "" : line.substring(0, colon).trim();
            if (nickname == null) {
                login(command);
            } else if (command.equals("list")) {
                sendLine("users: " + mailboxes.users());
            } else if (command.equals("getmessage") || command.equals(nickname + ":getmessage")) {
                String message = mailboxes.take(nickname);
                if (message == null) {
                    sendLine(noMessages);
                } else {
                    sendLine(message);
                }
            } else if (command.equals("bye")) {
                sendLine(bye);
                transport.loseConnection();
            } else if (validNickname(to)) {
                leaveMessage(to, line.substring(colon + 1));
            } else {
                sendLine(usage);
            }
        }

        private void login(String name) {
            if (!validNickname(name)) {
                sendLine(invalidNickname);
            } else if (!mailboxes.login(name)) {
                sendLine("Nickname " + name + " is taken, please choose another");
            } else {
                nickname = name;
                sendLine("Welcome, " + name + "!");
            }
        }

        private void leaveMessage(String to, String text) {
            switch (mailboxes.leave(to, nickname + ":" + text, loop)) {
                case QUEUED -> sendLine("queued for " + to);
                case MAILBOX_FULL -> sendLine("mailbox of " + to + " is full");
                case STORAGE_FULL -> sendLine("server storage full, message not queued");
            }
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            if (nickname != null) {
                mailboxes.logout(nickname);
            }
        }
    }
}
