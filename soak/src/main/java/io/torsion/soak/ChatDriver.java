package io.torsion.soak;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * chat: pairs of users that leave each other messages and fetch every one in order; a mailbox left
 * with messages in it when its owner goes, which must be empty when the name logs in again; and a
 * message to a name not online, which its owner finds on logging in. Every message queued is so
 * either fetched or seen discarded with its mailbox.
 */
final class ChatDriver extends StreamApp {

    /** Names the abusive clients write to: few, so their mailboxes stay few (and go after the TTL). */
    private static final int GHOSTS = 20;

    /** Short, so what the abusive clients leave for names nobody uses is gone soon after the load. */
    static final Duration MAILBOX_TTL = Duration.ofSeconds(20);

    @Override
    public String app() {
        return "chat";
    }

    @Override
    List<String> options(Workspace work) {
        return List.of("--mailbox-ttl", MAILBOX_TTL.toSeconds() + "s");
    }

    @Override
    List<ClientKind> wellBehaved() {
        return List.of(ClientKind.wellBehaved("chat-pair", 3, Duration.ofMillis(20), ChatDriver::pair));
    }

    @Override
    Abuse.Script script() {
        List<byte[]> requests = List.of(bytes("list\r\n"), bytes("getmessage\r\n"), bytes("nonsense\r\n"));
        return new Abuse.Script(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return random.nextBoolean()
                    ? requests.get(random.nextInt(requests.size()))
                    : bytes("ghost" + random.nextInt(GHOSTS) + ":never fetched\r\n");
        }, (conn, rig) -> conn.writeLine(rig.uniqueName("x")), MAX_LINE, 8 << 20);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void pair(Rig rig) throws Exception {
        String nameA = rig.uniqueName("a");
        String nameB = rig.uniqueName("b");
        try (Conn a = login(rig, nameA); Conn b = login(rig, nameB)) {
            int n = rig.random().nextInt(1, 40);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = "m" + i + " " + text(rig, rig.random().nextInt(0, 200));
                send(rig, a, nameB, text);
                sent.add(nameA + ":" + text);
            }
            for (String expected : sent) {
                expect(b.deadline(rig.answerBound()), "getmessage", expected);
                rig.tally().count("chat messages fetched");
            }
            expect(b, "getmessage", "no new messages");
            expect(a.deadline(rig.answerBound()), "list", null);
            int left = rig.random().nextInt(0, 6);
            for (int i = 0; i < left; i++) {
                send(rig, a, nameB, "left behind " + i);
            }
            // B goes with `left` messages unread: its mailbox goes with it, and a new B finds it empty.
            expect(b.deadline(rig.answerBound()), "bye", "Bye from server!");
            if (b.readLine() != null) {
                throw new IllegalStateException("chat: more after Bye from server!");
            }
            try (Conn again = loginRetrying(rig, nameB)) {
                expect(again, "getmessage", "no new messages");
                rig.tally().add("chat messages discarded with their mailbox", left);
                // A message to a name not online waits for its owner.
                send(rig, a, nameB + "x", "for later");
                try (Conn later = loginRetrying(rig, nameB + "x")) {
                    expect(later, "getmessage", nameA + ":for later");
                    rig.tally().count("chat messages fetched");
                }
            }
            expect(a.deadline(rig.answerBound()), "bye", "Bye from server!");
        }
    }

    private static void send(Rig rig, Conn from, String to, String text) throws Exception {
        from.deadline(rig.answerBound());
        expect(from, to + ":" + text, "queued for " + to);
        rig.tally().count("chat messages queued");
    }

    /** Sends {@code command} and checks the answer ({@code expected} null: any {@code users: } line). */
    private static void expect(Conn conn, String command, String expected) throws Exception {
        conn.writeLine(command);
        String answer = conn.expectLine("the answer to " + command);
        boolean ok = expected == null ? answer.startsWith("users: ") : answer.equals(expected);
        if (!ok) {
            throw new IllegalStateException("chat over " + conn.link() + ": " + command + " answered \"" + answer
                    + "\", expected \"" + (expected == null ? "users: ..." : expected) + "\"");
        }
    }

    static Conn login(Rig rig, String name) throws Exception {
        Conn conn = rig.open(rig.anyLink());
        try {
            String prompt = conn.expectLine("the nickname prompt");
            if (!prompt.equals("Please enter your nickname")) {
                throw new IllegalStateException("chat prompt: " + prompt);
            }
            expect(conn, name, "Welcome, " + name + "!");
            return conn;
        } catch (Exception e) {
            conn.close();
            throw e;
        }
    }

    /** Logs in with a name whose last owner has just left: the server may not have seen it go yet. */
    private static Conn loginRetrying(Rig rig, String name) throws Exception {
        long deadline = System.nanoTime() + rig.answerBound().toNanos();
        while (true) {
            Conn conn = rig.open(rig.anyLink());
            conn.expectLine("the nickname prompt");
            conn.writeLine(name);
            String answer = conn.expectLine("the answer to the nickname");
            if (answer.equals("Welcome, " + name + "!")) {
                return conn;
            }
            conn.close();
            if (!answer.equals("Nickname " + name + " is taken, please choose another") || System.nanoTime() > deadline) {
                throw new IllegalStateException("chat login as " + name + ": " + answer);
            }
            rig.tally().count("chat logins retried (name still taken)");
        }
    }

    @Override
    public void probe(Rig rig) throws Exception {
        try (Conn conn = login(rig, rig.uniqueName("p"))) {
            expect(conn, "getmessage", "no new messages");
        }
    }
}
