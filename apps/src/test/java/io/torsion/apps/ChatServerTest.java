package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ChatServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";
    private static final String USAGE = "usage: NAME:message | getmessage | list | bye";

    /**
     * A client that sends {@code list} without ever reading the answers: the server stops reading
     * from it once they back up (it used to read on and queue answers until it ran out of memory).
     */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void clientThatNeverReadsItsAnswersStopsBeingRead(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(16384, reactor));
                java.nio.channels.SocketChannel hog = java.nio.channels.SocketChannel.open();
                WireClient other = login(server, "other")) {
            hog.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            hog.write(java.nio.ByteBuffer.wrap("hog\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            hog.configureBlocking(false);
            java.nio.ByteBuffer lists = java.nio.ByteBuffer.wrap("list\r\n".repeat(10_000)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long sent = 0;
            long stalledSince = 0;
            boolean stalled = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            // Unthrottled, 64 MiB of "list" is answered with well over 200 MiB; throttled, the kernel
            // buffers and the 64 KiB high-water mark stop the hog after a few MiB.
            while (sent < 64L << 20 && System.nanoTime() < deadline) {
                if (!lists.hasRemaining()) {
                    lists.clear();
                }
                int n = hog.write(lists);
                sent += n;
                if (n > 0) {
                    stalledSince = 0;
                } else if (stalledSince == 0) {
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > Duration.ofMillis(500).toNanos()) {
                    stalled = true;
                    break;
                } else {
                    Thread.sleep(1);   // the hog's pace while its writes do not go through
                }
            }
            assertTrue(stalled, "the server kept reading from a client that never reads (" + sent + " bytes sent)");
            other.sendLine("list").expect("users: hog, other");
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void twoUsersChat(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(16384, reactor));
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
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(16384, reactor));
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
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(16384, reactor));
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
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(16384, reactor));
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
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(100, reactor));
                WireClient alice = login(server, "alice");
                WireClient bob = login(server, "bob")) {
            bob.send("bob:" + "x".repeat(200) + "\r\n").expect("ERROR line too long");
            bob.expectEnd();
            alice.sendLine("alice:" + "y".repeat(90)).expect("queued for alice");
            alice.sendLine("getmessage").expect("alice:" + "y".repeat(90));
        }
    }

    /**
     * Found by fuzzing: every command is answered, so a peer that sends {@code list} and never reads
     * grew the server's queue without bound. The server now stops reading at the high-water mark
     * and answers the rest once the peer reads.
     */
    @Test
    void peerThatDoesNotReadIsNotReadFromPastTheWaterMark() {
        StringTransport transport = new StringTransport();
        transport.setWaterMarks(256, 64);
        transport.attachBuiltBy(new ChatServer(100, new ManualClock()));
        transport.receive("reader\r\n");
        transport.setWritesBlocked(true);
        int requests = 1000;
        for (int i = 0; i < requests; i++) {
            transport.receive("list\r\n");
        }
        long reply = "users: reader\r\n".length();
        assertTrue(transport.queuedBytes() <= 256 + reply, transport.queuedBytes() + " bytes queued unread");
        assertTrue(transport.unreadBytes() > 0, "the rest of the requests wait unread");
        transport.setWritesBlocked(false);
        String replies = transport.valueString();
        assertEquals(requests, replies.split("users: reader\r\n", -1).length - 1, "every request answered");
    }

    /** The same over a socket: requests sent without reading are all answered once the peer reads. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void requestsSentWithoutReadingAreAllAnsweredOnceThePeerReads(String backend) throws Exception {
        int requests = 100_000;
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(100, reactor));
                WireClient slow = WireClient.connectWithReceiveBuffer(server.port(), 4096)) {
            slow.expect("Please enter your nickname");
            slow.sendLine("slow").expect("Welcome, slow!");
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    slow.send("list\r\n".repeat(requests));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (int i = 0; i < requests; i++) {
                slow.expect("users: slow");
            }
            sent.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A flood to names nobody uses, then the sender leaves: the mailboxes hold the heap until they
     * expire, and then it returns to where it started. The expiry clock is a {@link ManualClock}
     * that only the reactor thread touches (it is not thread-safe), moved by the test through it.
     */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void heapReturnsToItsStartOnceAFloodToUnknownNamesExpires(String backend) throws Exception {
        Duration ttl = Duration.ofMinutes(30);
        ManualClock clock = new ManualClock();
        ChatServer[] chat = new ChatServer[1];
        try (InProcessServer server = InProcessServer.startWith(backend,
                reactor -> chat[0] = new ChatServer(16384, ChatServer.DEFAULT_MAX_STORED, ttl, clock));
                WireClient watcher = login(server, "watcher")) {
            flood(server, "warm-up", 200);
            awaitList(watcher, "users: watcher");
            server.onReactor(() -> clock.advance(ttl));
            long start = liveHeap();

            int messages = 3000;
            flood(server, "flood", messages);
            awaitList(watcher, "users: watcher");
            long held = liveHeap() - start;
            assertEquals(messages, server.onReactor(() -> chat[0].mailboxCount()), "mailboxes after the sender left");
            assertTrue(held > messages * 1024L, "precondition: the mailboxes hold the heap, held " + held);

            server.onReactor(() -> clock.advance(ttl));
            assertEquals(0, server.onReactor(() -> chat[0].mailboxCount()), "mailboxes once expired");
            long left = liveHeap() - start;
            assertTrue(left < 256 * 1024, "live heap above its start once the mailboxes expired: " + left
                    + " bytes (" + held + " while they were held)");
        }
    }

    /** Logs in as {@code sender}, leaves one 1 KiB message for each of {@code count} new names, and leaves. */
    private static void flood(InProcessServer server, String sender, int count) throws Exception {
        String text = "z".repeat(1024);
        try (WireClient client = login(server, sender)) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < count; i++) {
                lines.append(sender).append("-to-").append(i).append(':').append(text).append('\n');
            }
            client.send(lines.toString());
            for (int i = 0; i < count; i++) {
                client.expect("queued for " + sender + "-to-" + i);
            }
        }
    }

    /** Used heap after collections, the least of a few so a collection in flight does not count. */
    private static long liveHeap() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
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
