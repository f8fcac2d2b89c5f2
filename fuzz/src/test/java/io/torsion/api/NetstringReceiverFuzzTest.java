package io.torsion.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.api.testing.StringTransport;
import io.torsion.fuzz.Chunkings;
import io.torsion.fuzz.Feeder;
import io.torsion.fuzz.FrameScript;
import io.torsion.fuzz.FuzzInput;
import java.nio.ByteBuffer;

/**
 * {@link NetstringReceiver} under arbitrary input: lengths with bad digits, leading zeros, no
 * digits, no comma, over every {@code maxLength} from 0 to 39 (or the default), with or without
 * closing on a broken string, and strings that switch modes from their callback
 * ({@link FrameScript}'s commands). Once the input is broken nothing more may be delivered.
 *
 * <p>Settings bytes: flags (bit 0 commands, bit 1 keep the connection open on a broken string),
 * maxLength (255 for the default); the rest is the stream.
 */
class NetstringReceiverFuzzTest {

    @FuzzTest
    void sameStringsHoweverCutAndBoundedMemory(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int flags = in.nextByte();
        int limit = in.nextByte();
        int maxLength = limit == 255 ? NetstringReceiver.DEFAULT_MAX_LENGTH : limit % 40;
        byte[] stream = in.rest();
        Chunkings.sameOutcome(stream, in.seed(), (input, cut) -> {
            Recorder receiver = new Recorder((flags & 1) != 0, (flags & 2) != 0);
            receiver.setMaxLength(maxLength);
            receiver.script.started();
            StringTransport transport = StringTransport.connect(receiver);
            // The length's digits, its colon and the comma: as many digits as the limit has, and one more.
            Feeder.feed(receiver, transport, input, cut, () -> {
                int max = receiver.script.largestMaxLength();
                return max + Integer.toString(max).length() + 1 + 2L;
            });
            receiver.script.endRaw();
            return receiver.script.events + (transport.isOpen() ? "" : " closed");
        });
    }

    private static final class Recorder extends NetstringReceiver {
        final FrameScript script;
        final boolean keepOpen;

        Recorder(boolean commands, boolean keepOpen) {
            this.script = new FrameScript(this, commands);
            this.keepOpen = keepOpen;
        }

        @Override
        protected void stringReceived(ByteBuffer string) {
            script.frame('S', string);
        }

        @Override
        protected void rawDataReceived(ByteBuffer data) {
            script.raw(data);
        }

        @Override
        protected void lengthLimitExceeded(long length) {
            FrameScript.check(length > maxLength(), "length " + length + " within the limit " + maxLength());
            super.lengthLimitExceeded(length);
        }

        @Override
        protected void illegalString(String reason) {
            script.broken(reason);
            if (!keepOpen) {
                super.illegalString(reason);
            }
        }
    }
}
