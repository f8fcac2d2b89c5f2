package io.torsion.apps;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * Private chat: users pick a nickname, then leave each other messages in mailboxes and fetch
 * them with {@code getmessage}. A mailbox lives until its owner disconnects.
 */
public final class ChatServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 1201;

    /** Messages one mailbox holds at most; past that the sender is told it is full. */
    public static final int MAILBOX_LIMIT = 1000;
    private static final int MAX_NICKNAME = 32;

    private final int maxLine;
    private final Map<String, Chat> online = new TreeMap<>();
    private final Map<String, Queue<String>> mailboxes = new HashMap<>();

    public ChatServer(int maxLine) {
        this.maxLine = maxLine;
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
            sendLine("Please enter your nickname");
        }

        @Override
        protected void lineReceived(String line) {
            String command = line.trim();
            int colon = line.indexOf(':');
            String to = colon < 0 ? "" : line.substring(0, colon).trim();
            if (nickname == null) {
                login(command);
            } else if (command.equals("list")) {
                sendLine("users: " + String.join(", ", online.keySet()));
            } else if (command.equals("getmessage") || command.equals(nickname + ":getmessage")) {
                Queue<String> mailbox = mailboxes.get(nickname);
                String message = mailbox == null ? null : mailbox.poll();
                sendLine(message == null ? "no new messages" : message);
            } else if (command.equals("bye")) {
                sendLine("Bye from server!");
                transport.loseConnection();
            } else if (validNickname(to)) {
                leaveMessage(to, line.substring(colon + 1));
            } else {
                sendLine("usage: NAME:message | getmessage | list | bye");
            }
        }

        private void login(String name) {
            if (!validNickname(name)) {
                sendLine("Invalid nickname, please choose another");
            } else if (online.containsKey(name)) {
                sendLine("Nickname " + name + " is taken, please choose another");
            } else {
                nickname = name;
                online.put(name, this);
                sendLine("Welcome, " + name + "!");
            }
        }

        private void leaveMessage(String to, String text) {
            Queue<String> mailbox = mailboxes.computeIfAbsent(to, name -> new ArrayDeque<>());
            if (mailbox.size() >= MAILBOX_LIMIT) {
                sendLine("mailbox of " + to + " is full");
            } else {
                mailbox.add(nickname + ":" + text);
                sendLine("queued for " + to);
            }
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            if (nickname != null) {
                online.remove(nickname);
                mailboxes.remove(nickname);
            }
        }
    }
}
