package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat server's mailbox bounds, against {@link StringTransport} and a {@link ManualClock}. */
@Timeout(10)
class ChatMailboxLimitsTest {

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private int nextPort = 1;

    @Test
    void pastMaxStoredTheSenderIsToldAndNothingIsStored() {
        String text = "x".repeat(1000);
        long message = Mailboxes.MESSAGE_OVERHEAD + ("alice:" + text).length();
        long mailbox = Mailboxes.MAILBOX_OVERHEAD + "bob".length();
        ChatServer chat = new ChatServer(16384, mailbox + 2 * message, TTL, clock);
        StringTransport alice = login(chat, "alice");
        assertEquals("queued for bob\r\n", say(alice, "bob:" + text));
        assertEquals("queued for bob\r\n", say(alice, "bob:" + text));
        assertEquals(mailbox + 2 * message, chat.storedBytes());
        assertEquals("server storage full, message not queued\r\n", say(alice, "bob:" + text));
        assertEquals("server storage full, message not queued\r\n", say(alice, "carol:" + text));
        assertEquals(mailbox + 2 * message, chat.storedBytes(), "bytes stored after refusals");
        assertEquals(1, chat.mailboxCount(), "a refused message made no mailbox");

        StringTransport bob = login(chat, "bob");
        assertEquals("alice:" + text + "\r\n", say(bob, "getmessage"));
        assertEquals("queued for bob\r\n", say(alice, "bob:" + text), "a fetched message frees its bytes");
        bob.loseConnectionNow();
        assertEquals(0, chat.storedBytes(), "a discarded mailbox frees its bytes");
        assertEquals("queued for carol\r\n", say(alice, "carol:" + text));
    }

    @Test
    void aMailboxForANameNotOnlineExpiresAfterTheTtl() {
        ChatServer chat = new ChatServer(16384, ChatServer.DEFAULT_MAX_STORED, TTL, clock);
        StringTransport alice = login(chat, "alice");
        assertEquals("queued for carol\r\n", say(alice, "carol:first"));
        clock.advance(TTL.minus(SECOND));
        assertEquals("queued for carol\r\n", say(alice, "carol:second"));
        assertEquals(1, clock.pendingTimers(), "one timer per mailbox, none per message");
        clock.advance(SECOND.minusNanos(1));
        assertEquals(1, chat.mailboxCount(), "a nanosecond before the ttl");
        clock.advance(Duration.ofNanos(1));
        assertEquals(0, chat.mailboxCount(), "at the ttl");
        assertEquals(0, chat.storedBytes());
        assertEquals("no new messages\r\n", say(login(chat, "carol"), "getmessage"));
    }

    @Test
    void aMailboxWaitsAsLongAsItsOwnerIsOnline() {
        ChatServer chat = new ChatServer(16384, ChatServer.DEFAULT_MAX_STORED, TTL, clock);
        StringTransport alice = login(chat, "alice");
        assertEquals("queued for carol\r\n", say(alice, "carol:before login"));
        clock.advance(TTL.dividedBy(2));
        StringTransport carol = login(chat, "carol");
        assertEquals("queued for carol\r\n", say(alice, "carol:while online"));
        clock.advance(TTL.multipliedBy(3));
        assertEquals(0, clock.pendingTimers(), "logging in cancelled the expiry");
        assertEquals("alice:before login\r\n", say(carol, "getmessage"));
        assertEquals("alice:while online\r\n", say(carol, "getmessage"));
        assertEquals("no new messages\r\n", say(carol, "getmessage"));
    }

    @Test
    void leavingDiscardsTheMailboxAndANewOneStartsItsOwnTtl() {
        ChatServer chat = new ChatServer(16384, ChatServer.DEFAULT_MAX_STORED, TTL, clock);
        StringTransport alice = login(chat, "alice");
        StringTransport carol = login(chat, "carol");
        assertEquals("queued for carol\r\n", say(alice, "carol:unread"));
        carol.loseConnectionNow();
        assertEquals(0, chat.mailboxCount(), "discarded when its owner left");
        assertEquals(0, chat.storedBytes());
        clock.advance(TTL.dividedBy(2));
        assertEquals("queued for carol\r\n", say(alice, "carol:new"));
        clock.advance(TTL.minus(SECOND));
        assertEquals(1, chat.mailboxCount(), "the new mailbox counts its ttl from its own first message");
        clock.advance(SECOND);
        assertEquals(0, chat.mailboxCount());
    }

    @Test
    void theThousandMessageLimitPerMailboxStays() {
        ChatServer chat = new ChatServer(16384, ChatServer.DEFAULT_MAX_STORED, TTL, clock);
        StringTransport alice = login(chat, "alice");
        alice.receive("dave:m\n".repeat(ChatServer.MAILBOX_LIMIT));
        assertEquals("mailbox of dave is full\r\n", say(alice, "dave:one too many"));
        assertEquals("queued for erin\r\n", say(alice, "erin:another mailbox still takes messages"));
    }

    /**
     * Two loops, each with its own clock and its own queue of tasks handed to it. A mailbox's timer
     * runs on the loop of the message that made it; a login on the other loop hands the cancel
     * over, and a timer that fires before the cancel ran leaves the mailbox to its owner.
     */
    @Test
    void aLoginOnAnotherLoopKeepsTheMailboxEvenWhenItsTimerFiresFirst() {
        Mailboxes shared = new Mailboxes(ChatServer.MAILBOX_LIMIT, ChatServer.DEFAULT_MAX_STORED, TTL);
        ManualClock otherClock = new ManualClock();
        Queue<Runnable> handedToA = new ArrayDeque<>();
        Queue<Runnable> handedToB = new ArrayDeque<>();
        ChatServer loopA = new ChatServer(16384, shared, new Loop(clock, handedToA::add));
        ChatServer loopB = new ChatServer(16384, shared, new Loop(otherClock, handedToB::add));
        StringTransport alice = login(loopA, "alice");
        assertEquals("queued for carol\r\n", say(alice, "carol:hello"));
        assertEquals(1, clock.pendingTimers(), "the timer is on loop A, whose sender made the mailbox");

        StringTransport carol = login(loopB, "carol");
        assertEquals(1, handedToA.size(), "the cancel is handed to loop A");
        assertEquals(1, clock.pendingTimers(), "and not run on loop B");
        clock.advance(TTL);
        assertEquals(1, shared.count(), "the timer fired before the cancel arrived, and found carol online");
        handedToA.remove().run();
        assertEquals("alice:hello\r\n", say(carol, "getmessage"));
        assertEquals(0, otherClock.pendingTimers());
        assertTrue(handedToB.isEmpty());
    }

    @Test
    void aLoginOnAnotherLoopCancelsTheTimerOnTheLoopThatStartedIt() {
        Mailboxes shared = new Mailboxes(ChatServer.MAILBOX_LIMIT, ChatServer.DEFAULT_MAX_STORED, TTL);
        Queue<Runnable> handedToA = new ArrayDeque<>();
        ChatServer loopA = new ChatServer(16384, shared, new Loop(clock, handedToA::add));
        ChatServer loopB = new ChatServer(16384, shared, new Loop(new ManualClock(), Runnable::run));
        assertEquals("queued for carol\r\n", say(login(loopA, "alice"), "carol:hello"));
        StringTransport carol = login(loopB, "carol");
        handedToA.remove().run();
        assertEquals(0, clock.pendingTimers(), "cancelled on loop A");
        carol.loseConnectionNow();
        assertEquals(0, shared.count(), "the mailbox went with its owner, from loop B");
        assertEquals(0, shared.storedBytes());
    }

    /** One limit over every loop: what a sender on one loop stored counts against a sender on the other. */
    @Test
    void maxStoredCountsTheMailboxesOfEveryLoop() {
        long message = Mailboxes.MESSAGE_OVERHEAD + "alice:x".length();
        long mailbox = Mailboxes.MAILBOX_OVERHEAD + "carol".length();
        Mailboxes shared = new Mailboxes(ChatServer.MAILBOX_LIMIT, mailbox + message, TTL);
        StringTransport alice = login(new ChatServer(16384, shared, Loop.only(clock)), "alice");
        StringTransport bob = login(new ChatServer(16384, shared, Loop.only(new ManualClock())), "bob");
        assertEquals("Nickname alice is taken, please choose another\r\n",
                say(connect(new ChatServer(16384, shared, Loop.only(new ManualClock()))), "alice"));
        assertEquals("queued for carol\r\n", say(alice, "carol:x"));
        assertEquals("server storage full, message not queued\r\n", say(bob, "carol:y"));
        assertEquals("users: alice, bob\r\n", say(bob, "list"));
    }

    private StringTransport login(ChatServer chat, String name) {
        StringTransport transport = connect(chat);
        assertEquals("Welcome, " + name + "!\r\n", say(transport, name));
        return transport;
    }

    private StringTransport connect(ChatServer chat) {
        StringTransport transport = new StringTransport(clock);
        transport.setPeer(new InetSocketAddress("127.0.0.1", nextPort++));
        transport.attachBuiltBy(chat);
        transport.clear();
        return transport;
    }

    /** Sends one line and returns everything the server wrote back for it. */
    private static String say(StringTransport transport, String line) {
        String before = transport.valueString();
        transport.receive(line + "\n");
        return transport.valueString().substring(before.length());
    }
}
