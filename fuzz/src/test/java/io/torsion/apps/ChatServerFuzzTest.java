package io.torsion.apps;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.api.testing.ManualClock;
import io.torsion.fuzz.Chunkings;
import io.torsion.fuzz.Conversation;
import io.torsion.fuzz.FrameScript;
import io.torsion.fuzz.FuzzInput;
import java.time.Duration;

/**
 * The chat server's command parser and mailboxes under a fuzzed conversation of up to three peers
 * (logins, messages, {@code list}, {@code getmessage}, {@code bye}, garbage and over-long lines,
 * peers that stop reading, hang up, come back, and time passing). Checked after every step: the
 * mailboxes within their byte limit, what waits unsent to a peer within the water mark plus one
 * reply, the line buffer within the line limit; at the end, once every peer left and the mailbox
 * lifetime passed, no mailbox and no byte left. Every cut of the peers' reads gives the same
 * replies.
 *
 * <p>Settings bytes: peers (1 to 3), maxLine (0 to 63), stored-bytes limit (n * 32), mailbox
 * lifetime (1 to 16 minutes); then {@link Conversation}'s steps.
 */
class ChatServerFuzzTest {

    /** The water mark the peers' transports pause their producer at: small, so fuzzed input reaches it. */
    private static final int HIGH_WATER = 512;

    @FuzzTest
    void sameRepliesHoweverCutAndNothingKept(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int peers = 1 + in.choose(3);
        int maxLine = in.choose(64);
        long maxStored = in.nextByte() * 32L;
        Duration ttl = Duration.ofMinutes(1 + in.choose(16));
        Conversation conversation = new Conversation(in, peers);
        Chunkings.sameOutcome(new byte[conversation.streamLength()], in.seed(), (ignored, cut) -> {
            ManualClock clock = new ManualClock();
            ChatServer server = new ChatServer(maxLine, maxStored, ttl, clock);
            // One reply is at most a message (sender, colon, a line whose every byte became U+FFFD) or the user list.
            long oneReply = 4L * maxLine + 3 * 4 * 32 + 64;
            String seen = conversation.play(server, clock, cut, HIGH_WATER, all -> {
                FrameScript.check(server.storedBytes() <= maxStored,
                        server.storedBytes() + " bytes in mailboxes, over the limit " + maxStored);
                Conversation.checkBounds(all, HIGH_WATER + oneReply, maxLine);
            });
            clock.advance(ttl.plusMinutes(1));
            FrameScript.check(server.mailboxCount() == 0, server.mailboxCount() + " mailboxes outlived everyone");
            FrameScript.check(server.storedBytes() == 0, server.storedBytes() + " bytes outlived every mailbox");
            return seen;
        });
    }
}
