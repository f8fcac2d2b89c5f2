package io.torsion.apps;

import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ChatServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    private static final String USAGE = "usage: NAME:message | getmessage | list | bye";

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void twoUsersChat(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatServer(16384));
                WireClient alice = WireClient.connect(server.port());
                WireClient bob = WireClient.connect(server.port())) {
            alice.expect("Please enter your nickname");
            alice.sendLine("").expect("Invalid nickname, please choose another");
            alice.sendLine("al ice").expect("Invalid nickname, please choose another");
            alice.sendLine("al:ice").expect("Invalid nickname, please choose another");
            alice.sendLine("a".repeat(33)).expect("Invalid nickname, please choose another");
            alice.send("  alice \n").expect("Welcome, alice!");

            bob.expect("Please enter your nickname");
            bob.sendLine("alice").expect("Nickname alice is taken, please choose another");
            bob.sendLine("b".repeat(32)).expect("Welcome, " + "b".repeat(32) + "!");
            bob.sendLine("list").expect("users: alice, " + "b".repeat(32));
            bob.sendLine("bye").expect("Bye from server!");
            bob.expectEnd();
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void messagesWaitInMailboxesUntilFetched(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatServer(16384));
                WireClient alice = login(server, "alice");
                WireClient bob = login(server, "bob")) {
            alice.sendLine("list").expect("users: alice, bob");
            alice.sendLine("bob:hello: colons stay").expect("queued for bob");
            alice.send("bob:second\n").expect("queued for bob");
            alice.send(new byte[] {'b', 'o', 'b', ':', (byte) 0xff, '\r', '\n'}).expect("queued for bob");
            bob.sendLine("getmessage").expect("alice:hello: colons stay");
            bob.sendLine("bob:getmessage").expect("alice:second");
            bob.sendLine("getmessage").expect("alice:\uFFFD");
            bob.sendLine("getmessage").expect("no new messages");

            alice.sendLine("carol:while you were out").expect("queued for carol");
            try (WireClient carol = login(server, "carol")) {
                carol.sendLine("carol:getmessage").expect("alice:while you were out");
                carol.sendLine("getmessage").expect("no new messages");
                bob.sendLine("nonsense").expect(USAGE);
                bob.sendLine(":no recipient").expect(USAGE);
            }
            bob.sendLine("bye").expect("Bye from server!");
            bob.expectEnd();
            awaitList(alice, "users: alice");
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void mailboxHoldsAThousandMessages(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatServer(16384));
                WireClient alice = login(server, "alice")) {
            alice.send("dave:message\r\n".repeat(ChatServer.MAILBOX_LIMIT + 1));
            for (int i = 0; i < ChatServer.MAILBOX_LIMIT; i++) {
                alice.expect("queued for dave");
            }
            alice.expect("mailbox of dave is full");
            try (WireClient dave = login(server, "dave")) {
                dave.sendLine("getmessage").expect("alice:message");
                alice.sendLine("dave:one more").expect("queued for dave");
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void mailboxIsDiscardedWhenItsOwnerLeaves(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatServer(16384));
                WireClient alice = login(server, "alice")) {
            try (WireClient carol = login(server, "carol")) {
                alice.sendLine("carol:lost").expect("queued for carol");
            }
            awaitList(alice, "users: alice");
            try (WireClient carol = login(server, "carol")) {
                carol.sendLine("getmessage").expect("no new messages");
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void overLongLineIsRefusedAndClosesOnlyThatConnection(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new ChatServer(100));
                WireClient alice = login(server, "alice");
                WireClient bob = login(server, "bob")) {
            bob.send("bob:" + "x".repeat(200) + "\r\n").expect("ERROR line too long");
            bob.expectEnd();
            alice.sendLine("alice:" + "y".repeat(90)).expect("queued for alice");
            alice.sendLine("getmessage").expect("alice:" + "y".repeat(90));
        }
    }

    static WireClient login(InProcessServer server, String name) throws Exception {
        WireClient client = WireClient.connect(server.port());
        client.expect("Please enter your nickname");
        client.sendLine(name).expect("Welcome, " + name + "!");
        return client;
    }

    /** Asks {@code list} until it answers {@code expected}: a departure is seen once the server noticed the close. */
    private static void awaitList(WireClient client, String expected) throws Exception {
        Await.until("'" + expected + "'", Duration.ofSeconds(10),
                () -> client.sendLine("list").readLine().equals(expected));
    }
}
