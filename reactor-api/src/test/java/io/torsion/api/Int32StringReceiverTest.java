package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.EverySplit;
import io.torsion.api.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Int32StringReceiverTest {

    /** Records strings and refused lengths. */
    static class Recorder extends Int32StringReceiver {
        final List<String> strings = new ArrayList<>();
        final List<Long> tooLong = new ArrayList<>();
        final List<ByteBuffer> views = new ArrayList<>();

        @Override
        protected void stringReceived(ByteBuffer string) {
            views.add(string);
            strings.add(StandardCharsets.UTF_8.decode(string).toString());
        }

        @Override
        protected void lengthLimitExceeded(long length) {
            tooLong.add(length);
            super.lengthLimitExceeded(length);
        }
    }

    private static byte[] frames(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String string : strings) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void int32FramesSplitAtEveryBoundaryYieldSameStrings() {
        List<String> expected = List.of("hello", "", "x", "c".repeat(40), "\u00e9\u20ac");
        byte[] input = frames(expected.toArray(new String[0]));
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            Recorder receiver = new Recorder();
            EverySplit.feed(receiver::dataReceived, input, cuts, false);
            assertEquals(expected, receiver.strings, "cut at " + Arrays.toString(cuts));
        }
        Recorder receiver = new Recorder();
        EverySplit.feed(receiver::dataReceived, input, EverySplit.everyByte(input.length), true);
        assertEquals(expected, receiver.strings, "direct buffers, byte by byte");
    }

    @Test
    void lengthAboveTheLimitIsRefusedAndClosesTheConnection() {
        Recorder receiver = new Recorder();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.dataReceived(ByteBuffer.wrap(frames("ok")));
        receiver.dataReceived(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0x86, (byte) 0xa0})); // 100000
        receiver.dataReceived(ByteBuffer.wrap(frames("dropped")));
        assertEquals(List.of("ok"), receiver.strings);
        assertEquals(List.of(100_000L), receiver.tooLong);
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void lengthIsUnsigned() {
        Recorder receiver = new Recorder();
        receiver.dataReceived(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe}));
        assertEquals(List.of(0xfffffffeL), receiver.tooLong);
    }

    @Test
    void exactlyMaxLengthIsFineAndOneMoreIsRefusedWhateverTheCuts() {
        byte[] input = frames("abcd", "abcde");
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            Recorder receiver = new Recorder();
            receiver.setMaxLength(4);
            EverySplit.feed(receiver::dataReceived, input, cuts, false);
            assertEquals(List.of("abcd"), receiver.strings, "cut at " + Arrays.toString(cuts));
            assertEquals(List.of(5L), receiver.tooLong, "cut at " + Arrays.toString(cuts));
        }
    }

    @Test
    void stringWithinOneChunkIsNotCopied() {
        Recorder receiver = new Recorder();
        byte[] chunk = frames("abc");
        receiver.dataReceived(ByteBuffer.wrap(chunk));
        assertSame(chunk, receiver.views.get(0).array());
    }

    @Test
    void sendStringWritesPrefixAndBytes() {
        Recorder receiver = new Recorder();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.sendString("hello".getBytes(StandardCharsets.UTF_8));
        receiver.sendString(ByteBuffer.wrap(new byte[0]));
        assertArrayEquals(frames("hello", ""), transport.value());
    }

    @Test
    void pausedReceiverBuffersFramesUntilResumed() {
        Recorder receiver = new Recorder();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.pauseProducing();
        receiver.dataReceived(ByteBuffer.wrap(frames("a", "b")));
        transport.receive(frames("c"));
        assertEquals(List.of(), receiver.strings);
        receiver.resumeProducing();
        assertEquals(List.of("a", "b", "c"), receiver.strings);
    }
}
