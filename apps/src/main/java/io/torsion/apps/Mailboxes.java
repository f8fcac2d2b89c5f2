package io.torsion.apps;

import io.torsion.api.DelayedCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;

/**
 * The private chat's shared state: who is online, and the mailboxes, bounded three ways: messages
 * per mailbox, bytes in all mailboxes together, and how long a mailbox waits for an owner who is
 * not online. Each waiting mailbox has one timer, so expiry costs nothing per message.
 *
 * <p>Every loop serving the chat shares one {@code Mailboxes}, so each method runs under its lock:
 * a name is taken, or a message stored or taken, in one step no other loop can see half done. The
 * steps are short (a lookup, a queue operation, no I/O, no transport), so the lock is held for
 * microseconds. A mailbox's timer runs on the loop whose sender made the mailbox; a login on
 * another loop hands the cancel to that loop, and a timer that fires before the cancel arrives
 * finds the owner online and leaves the mailbox alone.
 */
final class Mailboxes {

    /** What leaving a message came to. */
    enum Outcome { QUEUED, MAILBOX_FULL, STORAGE_FULL }

    /** Roughly what the heap spends around one message (its string and queue slot) beyond its text. */
    static final int MESSAGE_OVERHEAD = 64;

    /** Roughly what the heap spends on a mailbox (map entry, queue, timer) beyond its owner's name. */
    static final int MAILBOX_OVERHEAD = 256;

    private final int perMailbox;
    private final long maxStored;
    private final Duration ttl;
    private final Set<String> online = new TreeSet<>();
    private final Map<String, Mailbox> byOwner = new HashMap<>();
    private long stored;

    /** One owner's messages, the bytes they are charged, and the expiry timer while the owner is away. */
    private static final class Mailbox {
        final Queue<String> messages = new ArrayDeque<>();
        final long ownCost;
        long cost;
        /** Pending while the owner is away; null once they logged in (or it expired). */
        DelayedCall expiry;
        /** Where {@link #expiry} runs, and so where it must be cancelled. */
        Executor expiryLoop;

        Mailbox(String owner) {
            ownCost = MAILBOX_OVERHEAD + utf8Length(owner);
            cost = ownCost;
        }
    }

    Mailboxes(int perMailbox, long maxStored, Duration ttl) {
        this.perMailbox = perMailbox;
        this.maxStored = maxStored;
        this.ttl = ttl;
    }

    /** Takes {@code name} for a user; false, changing nothing, when someone online has it. */
    synchronized boolean login(String name) {
        if (!online.add(name)) {
            return false;
        }
        Mailbox mailbox = byOwner.get(name);
        if (mailbox != null && mailbox.expiry != null) {
            DelayedCall expiry = mailbox.expiry;
            mailbox.expiry = null;
            mailbox.expiryLoop.execute(expiry::cancel);
        }
        return true;
    }

    /** The user disconnected: the name is free again, and what they did not fetch goes with them. */
    synchronized void logout(String name) {
        if (online.remove(name)) {
            discard(name);
        }
    }

    /** The names online, sorted, joined by {@code ", "}. */
    synchronized String users() {
        return String.join(", ", online);
    }

    /**
     * Stores {@code message} for {@code owner}; a new mailbox for an owner not online starts its
     * expiry on {@code here}, the caller's loop.
     */
    synchronized Outcome leave(String owner, String message, Loop here) {
        Mailbox mailbox = byOwner.get(owner);
        if (mailbox != null && mailbox.messages.size() >= perMailbox) {
            return Outcome.MAILBOX_FULL;
        }
        long cost = MESSAGE_OVERHEAD + utf8Length(message);
        long newMailbox = mailbox == null ? MAILBOX_OVERHEAD + utf8Length(owner) : 0;
        if (stored + cost + newMailbox > maxStored) {
            return Outcome.STORAGE_FULL;
        }
        if (mailbox == null) {
            mailbox = new Mailbox(owner);
            byOwner.put(owner, mailbox);
            stored += mailbox.ownCost;
            if (!online.contains(owner)) {
                startExpiry(owner, mailbox, here);
            }
        }
        mailbox.messages.add(message);
        mailbox.cost += cost;
        stored += cost;
        return Outcome.QUEUED;
    }

    /** The oldest message for {@code owner}, removed, or null when there is none. */
    synchronized String take(String owner) {
        Mailbox mailbox = byOwner.get(owner);
        String message = mailbox == null ? null : mailbox.messages.poll();
        if (message != null) {
            long cost = MESSAGE_OVERHEAD + utf8Length(message);
            mailbox.cost -= cost;
            stored -= cost;
        }
        return message;
    }

    /** Bytes charged to all mailboxes together. */
    synchronized long storedBytes() {
        return stored;
    }

    /** How many mailboxes exist. */
    synchronized int count() {
        return byOwner.size();
    }

    private void startExpiry(String owner, Mailbox mailbox, Loop here) {
        mailbox.expiryLoop = here.tasks();
        mailbox.expiry = here.timers().callLater(ttl, () -> expire(owner, mailbox));
    }

    /** The ttl passed; unless the owner logged in meanwhile (on any loop), the mailbox goes. */
    private synchronized void expire(String owner, Mailbox mailbox) {
        if (mailbox.expiry != null && byOwner.get(owner) == mailbox) {
            mailbox.expiry = null;
            discard(owner);
        }
    }

    /** Removes the mailbox, whose timer is never pending here: its owner is online, or it just expired. */
    private void discard(String owner) {
        Mailbox mailbox = byOwner.remove(owner);
        if (mailbox != null) {
            stored -= mailbox.cost;
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
