package io.torsion.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.api.testing.StringTransport;
import io.torsion.fuzz.Chunkings;
import io.torsion.fuzz.Feeder;
import io.torsion.fuzz.FrameScript;
import io.torsion.fuzz.FuzzInput;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link LineReceiver} under arbitrary input: every delimiter kind (CRLF, a bare newline accepted
 * or not, one byte, several bytes, a delimiter that overlaps itself or holds a newline), every {@code maxLength} from
 * 0 to 39, the three ways a protocol can answer an over-long line (close, skip it, hand the buffer
 * back), and lines that switch modes from their callback ({@link FrameScript}'s commands, plus
 * {@code D} swap the delimiter and {@code N} toggle the bare newline).
 *
 * <p>Settings bytes: delimiter kind, flags (bit 0 bare newline, bit 1 commands, bits 2-3 the
 * over-long policy), maxLength; the rest is the stream.
 */
class LineReceiverFuzzTest {

    private static final byte[][] DELIMITERS = {
        {'\r', '\n'}, {'\n'}, {0}, {'a', 'b'}, {'\r', '\n', '\r', '\n'}, {'a', 'a', 'b'}, {'\r'}, {'\n', '\r'},
    };

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    private enum TooLong { CLOSE, SKIP, FEED_BACK }

    @FuzzTest
    void sameLinesHoweverCutAndBoundedMemory(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        byte[] delimiter = DELIMITERS[in.choose(DELIMITERS.length)];
        int flags = in.nextByte();
        int maxLength = in.nextByte() % 40;
        byte[] stream = in.rest();
        Chunkings.sameOutcome(stream, in.seed(), (input, cut) -> {
            Recorder receiver = new Recorder((flags & 2) != 0, TooLong.values()[(flags >> 2) % 3]);
            receiver.setDelimiter(delimiter);
            receiver.setAcceptBareNewline((flags & 1) != 0);
            receiver.setMaxLength(maxLength);
            receiver.script.started();
            StringTransport transport = StringTransport.connect(receiver);
            // A line may sit buffered whole but for its delimiter (at most 4 bytes, or a bare \r).
            Feeder.feed(receiver, transport, input, cut, () -> receiver.script.largestMaxLength() + 4L + 1);
            receiver.script.endRaw();
            return receiver.script.events + (transport.isOpen() ? "" : " closed");
        });
    }

    private static final class Recorder extends LineReceiver {
        final FrameScript script;
        final boolean commands;
        final TooLong tooLong;

        Recorder(boolean commands, TooLong tooLong) {
            this.script = new FrameScript(this, commands);
            this.commands = commands;
            this.tooLong = tooLong;
        }

        @Override
        protected void lineBytesReceived(ByteBuffer line) {
            byte[] bytes = new byte[line.remaining()];
            line.duplicate().get(bytes);
            FrameScript.check(indexOf(bytes, delimiter()) < 0, "a line holds its delimiter");
            FrameScript.check(!acceptsBareNewline() || indexOf(bytes, NEWLINE) < 0, "a line holds a newline");
            super.lineBytesReceived(line); // decodes it, so malformed UTF-8 is exercised too
            script.frame('L', line);
            if (commands && bytes.length > 0 && bytes[0] == 'D') {
                setDelimiter(Arrays.equals(delimiter(), NEWLINE) ? CRLF : NEWLINE);
            } else if (commands && bytes.length > 0 && bytes[0] == 'N') {
                setAcceptBareNewline(!acceptsBareNewline());
            }
        }

        @Override
        protected void rawDataReceived(ByteBuffer data) {
            script.raw(data);
        }

        @Override
        protected void lineLengthExceeded(ByteBuffer lineSoFar) {
            FrameScript.check(lineSoFar.remaining() > maxLength(),
                    "over-long line of " + lineSoFar.remaining() + " bytes, within maxLength " + maxLength());
            script.event("X");
            switch (tooLong) {
                case CLOSE -> super.lineLengthExceeded(lineSoFar);
                case SKIP -> { }
                case FEED_BACK -> dataReceived(ByteBuffer.wrap(clearLineBuffer()));
            }
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
