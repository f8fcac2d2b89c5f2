package io.torsion.apps;

import io.torsion.api.DelayedCall;
import io.torsion.api.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The chat server's mailboxes, bounded three ways: messages per mailbox, bytes in all mailboxes
 * together, and how long a mailbox waits for an owner who is not online. Each waiting mailbox has
 * one timer, so expiry costs nothing per message.
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
    private final Scheduler scheduler;
    private final Map<String, Mailbox> byOwner = new HashMap<>();
    private long stored;

    /** One owner's messages, the bytes they are charged, and the expiry timer while the owner is away. */
    private static final class Mailbox {
        final Queue<String> messages = new ArrayDeque<>();
        final long ownCost;
        long cost;
        DelayedCall expiry;

        Mailbox(String owner) {
            ownCost = MAILBOX_OVERHEAD + utf8Length(owner);
            cost = ownCost;
        }
    }

    Mailboxes(int perMailbox, long maxStored, Duration ttl, Scheduler scheduler) {
        this.perMailbox = perMailbox;
        this.maxStored = maxStored;
        this.ttl = ttl;
        this.scheduler = scheduler;
    }

    /** Stores {@code message} for {@code owner}; a new mailbox for an owner not online starts its expiry. */
    Outcome leave(String owner, String message, boolean ownerOnline) {
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
            if (!ownerOnline) {
                startExpiry(owner, mailbox);
            }
        }
        mailbox.messages.add(message);
        mailbox.cost += cost;
        stored += cost;
        return Outcome.QUEUED;
    }

    /** The oldest message for {@code owner}, removed, or null when there is none. */
    String take(String owner) {
        Mailbox mailbox = byOwner.get(owner);
        String message = mailbox == null ? null : mailbox.messages.poll();
        if (message != null) {
            long cost = MESSAGE_OVERHEAD + utf8Length(message);
            mailbox.cost -= cost;
            stored -= cost;
        }
        return message;
    }

    /** The owner logged in: the mailbox waits as long as they are online. */
    void ownerArrived(String owner) {
        Mailbox mailbox = byOwner.get(owner);
        if (mailbox != null && mailbox.expiry != null) {
            mailbox.expiry.cancel();
            mailbox.expiry = null;
        }
    }

    /** The owner disconnected: what they did not fetch goes with them. */
    void ownerLeft(String owner) {
        Mailbox mailbox = byOwner.remove(owner);
        if (mailbox != null) {
            if (mailbox.expiry != null) {
                mailbox.expiry.cancel();
            }
            stored -= mailbox.cost;
        }
    }

    /** Bytes charged to all mailboxes together. */
    long storedBytes() {
        return stored;
    }

    /** How many mailboxes exist. */
    int count() {
        return byOwner.size();
    }

    private void startExpiry(String owner, Mailbox mailbox) {
        mailbox.expiry = scheduler.callLater(ttl, () -> {
            mailbox.expiry = null;
            ownerLeft(owner);
        });
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
