package io.torsion.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.api.testing.StringTransport;
import io.torsion.fuzz.Chunkings;
import io.torsion.fuzz.Feeder;
import io.torsion.fuzz.FrameScript;
import io.torsion.fuzz.FuzzInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Function;

/**
 * The length-prefixed receivers under arbitrary input: {@link Int8StringReceiver},
 * {@link Int16StringReceiver}, {@link Int32StringReceiver} and {@link LengthPrefixedReceiver} with
 * a three-byte little-endian prefix, every {@code maxLength} from 0 to 39 (or the default), with or
 * without closing on a length over the limit, and strings that switch modes from their callback
 * ({@link FrameScript}'s commands).
 *
 * <p>Settings bytes: which receiver, flags (bit 0 commands, bit 1 keep the connection open when a
 * length is over the limit), maxLength (255 for the default); the rest is the stream.
 */
class LengthPrefixedReceiverFuzzTest {

    /** Each receiver kind, built around the callbacks every kind shares. */
    private static final List<Function<Callbacks, LengthPrefixedReceiver>> KINDS = List.of(
            c -> new Int8StringReceiver() {
                @Override protected void stringReceived(ByteBuffer s) { c.script.frame('S', s); }
                @Override protected void rawDataReceived(ByteBuffer d) { c.script.raw(d); }
                @Override protected void lengthLimitExceeded(long n) {
                    if (c.tooLong(this, n)) { super.lengthLimitExceeded(n); }
                }
            },
            c -> new Int16StringReceiver() {
                @Override protected void stringReceived(ByteBuffer s) { c.script.frame('S', s); }
                @Override protected void rawDataReceived(ByteBuffer d) { c.script.raw(d); }
                @Override protected void lengthLimitExceeded(long n) {
                    if (c.tooLong(this, n)) { super.lengthLimitExceeded(n); }
                }
            },
            c -> new Int32StringReceiver() {
                @Override protected void stringReceived(ByteBuffer s) { c.script.frame('S', s); }
                @Override protected void rawDataReceived(ByteBuffer d) { c.script.raw(d); }
                @Override protected void lengthLimitExceeded(long n) {
                    if (c.tooLong(this, n)) { super.lengthLimitExceeded(n); }
                }
            },
            c -> new LengthPrefixedReceiver(3, ByteOrder.LITTLE_ENDIAN) {
                @Override protected void stringReceived(ByteBuffer s) { c.script.frame('S', s); }
                @Override protected void rawDataReceived(ByteBuffer d) { c.script.raw(d); }
                @Override protected void lengthLimitExceeded(long n) {
                    if (c.tooLong(this, n)) { super.lengthLimitExceeded(n); }
                }
            });

    @FuzzTest
    void sameStringsHoweverCutAndBoundedMemory(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        Function<Callbacks, LengthPrefixedReceiver> kind = KINDS.get(in.choose(KINDS.size()));
        int flags = in.nextByte();
        int limit = in.nextByte();
        int maxLength = limit == 255 ? LengthPrefixedReceiver.DEFAULT_MAX_LENGTH : limit % 40;
        byte[] stream = in.rest();
        Chunkings.sameOutcome(stream, in.seed(), (input, cut) -> {
            Callbacks callbacks = new Callbacks((flags & 2) != 0);
            LengthPrefixedReceiver receiver = kind.apply(callbacks);
            receiver.setMaxLength(maxLength);
            callbacks.script = new FrameScript(receiver, (flags & 1) != 0);
            StringTransport transport = StringTransport.connect(receiver);
            Feeder.feed(receiver, transport, input, cut,
                    () -> callbacks.script.largestMaxLength() + (long) receiver.prefixLength());
            callbacks.script.endRaw();
            return callbacks.script.events + (transport.isOpen() ? "" : " closed");
        });
    }

    /** What every kind does with its callbacks; {@code script} is set once the receiver exists. */
    static final class Callbacks {
        final boolean keepOpen;
        FrameScript script;

        Callbacks(boolean keepOpen) {
            this.keepOpen = keepOpen;
        }

        /** Returns true when the default (closing) should run. */
        boolean tooLong(LengthPrefixedReceiver receiver, long length) {
            FrameScript.check(length > receiver.maxLength(), "length " + length + " within " + receiver.maxLength());
            FrameScript.check(length <= receiver.largestSayable(), "length " + length + " the prefix cannot say");
            script.broken("length " + length);
            return !keepOpen;
        }
    }
}
