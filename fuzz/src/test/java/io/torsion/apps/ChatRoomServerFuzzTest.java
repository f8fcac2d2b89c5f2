package io.torsion.apps;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.api.testing.ManualClock;
import io.torsion.fuzz.Chunkings;
import io.torsion.fuzz.Conversation;
import io.torsion.fuzz.FuzzInput;

/**
 * The chat room under a fuzzed conversation of up to three members (lines, garbage, over-long
 * lines, members that stop reading, hang up and come back). Checked after every step: what waits
 * unsent to a member is within the room's queue limit plus one line (past it the member is
 * dropped), and the line buffer within the line limit. Every cut of the members' reads gives the
 * same broadcasts.
 *
 * <p>Settings bytes: members (1 to 3), maxLine (0 to 63), queue limit (n * 16); then
 * {@link Conversation}'s steps.
 */
class ChatRoomServerFuzzTest {

    private static final int HIGH_WATER = 512;

    @FuzzTest
    void sameBroadcastsHoweverCutAndBoundedQueues(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int members = 1 + in.choose(3);
        int maxLine = in.choose(64);
        long maxQueue = in.nextByte() * 16L;
        Conversation conversation = new Conversation(in, members);
        Chunkings.sameOutcome(new byte[conversation.streamLength()], in.seed(), (ignored, cut) -> {
            ManualClock clock = new ManualClock();
            ChatRoomServer room = new ChatRoomServer(maxLine, maxQueue);
            // One line: a name (HOST:PORT), brackets, and a line whose every byte became U+FFFD.
            long oneLine = 3L * maxLine + 64;
            return conversation.play(room, clock, cut, HIGH_WATER,
                    all -> Conversation.checkBounds(all, maxQueue + oneLine, maxLine));
        });
    }
}
