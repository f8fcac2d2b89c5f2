package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.EverySplit;
import io.torsion.api.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NetstringReceiverTest {

    /** Records strings, and the complaints about bad input. */
    static class Recorder extends NetstringReceiver {
        final List<String> strings = new ArrayList<>();
        final List<String> illegal = new ArrayList<>();
        final List<Long> tooLong = new ArrayList<>();
        final List<ByteBuffer> views = new ArrayList<>();

        @Override
        protected void stringReceived(ByteBuffer string) {
            views.add(string);
            strings.add(StandardCharsets.UTF_8.decode(string).toString());
        }

        @Override
        protected void illegalString(String reason) {
            illegal.add(reason);
            super.illegalString(reason);
        }

        @Override
        protected void lengthLimitExceeded(long length) {
            tooLong.add(length);
            super.lengthLimitExceeded(length);
        }

        void receive(String text) {
            dataReceived(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void netstringsSplitAtEveryBoundaryYieldSameStrings() {
        String big = "b".repeat(40);
        byte[] input = ("5:hello,0:,1:,,12:hello world!," + big.length() + ":" + big + ",3:\r\n:,")
                .getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("hello", "", ",", "hello world!", big, "\r\n:");
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            Recorder receiver = new Recorder();
            EverySplit.feed(receiver::dataReceived, input, cuts, false);
            assertEquals(expected, receiver.strings, "cut at " + Arrays.toString(cuts));
            assertEquals(List.of(), receiver.illegal);
        }
        Recorder receiver = new Recorder();
        EverySplit.feed(receiver::dataReceived, input, EverySplit.everyByte(input.length), true);
        assertEquals(expected, receiver.strings, "direct buffers, byte by byte");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x:abc,| non-digit length",
        "1x:a,| digit then garbage",
        "01:a,| leading zero",
        "00:,| leading zeros",
        ":abc,| empty length",
        "3:abcX| missing comma",
        "-1:a,| sign",
    })
    void badInputIsIllegalAndClosesTheConnection(String input, String why) {
        Recorder receiver = new Recorder();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.receive("2:ok,");
        receiver.receive(input);
        receiver.receive("2:no,");
        assertEquals(List.of("ok"), receiver.strings, why);
        assertEquals(1, receiver.illegal.size(), why + ": " + receiver.illegal);
        assertTrue(transport.isDisconnecting(), why);
    }

    @Test
    void badInputIsNoticedWhateverTheCuts() {
        byte[] input = "3:abc,2:xyZ1:a,".getBytes(StandardCharsets.US_ASCII);
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            Recorder receiver = new Recorder();
            receiver.setMaxLength(10);
            EverySplit.feed(receiver::dataReceived, input, cuts, false);
            assertEquals(List.of("abc"), receiver.strings, "cut at " + Arrays.toString(cuts));
            assertEquals(1, receiver.illegal.size(), "cut at " + Arrays.toString(cuts));
        }
    }

    @Test
    void tooLongIsRefusedAsSoonAsTheDigitsExceedTheLimit() {
        Recorder allowed = new Recorder();
        allowed.receive("99999:");
        assertEquals(List.of(), allowed.tooLong, "99999 is allowed by default");
        Recorder receiver = new Recorder();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.receive("100000");
        assertEquals(List.of(100000L), receiver.tooLong);
        assertEquals(1, receiver.illegal.size(), "the default lengthLimitExceeded calls illegalString");
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void smallerMaxLengthIsEnforcedAndExactlyMaxIsFine() {
        Recorder receiver = new Recorder();
        receiver.setMaxLength(3);
        receiver.receive("3:abc,4:");
        assertEquals(List.of("abc"), receiver.strings);
        assertEquals(List.of(4L), receiver.tooLong);
        receiver.receive("abcd,1:a,");
        assertEquals(List.of("abc"), receiver.strings, "nothing after broken input");
    }

    @Test
    void stringWithinOneChunkIsNotCopied() {
        Recorder receiver = new Recorder();
        byte[] chunk = "3:abc,".getBytes(StandardCharsets.US_ASCII);
        receiver.dataReceived(ByteBuffer.wrap(chunk));
        assertSame(chunk, receiver.views.get(0).array());
    }

    @Test
    void sendStringWritesANetstring() {
        Recorder receiver = new Recorder();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.sendString("hello".getBytes(StandardCharsets.US_ASCII));
        receiver.sendString(new byte[0]);
        ByteBuffer partial = ByteBuffer.wrap("xxyz".getBytes(StandardCharsets.US_ASCII));
        partial.position(2);
        receiver.sendString(partial);
        assertEquals("5:hello,0:,2:yz,", transport.valueString());
        assertFalse(partial.hasRemaining());
    }

    @Test
    void pausingStopsStringsUntilResumed() {
        Recorder receiver = new Recorder() {
            @Override
            protected void stringReceived(ByteBuffer string) {
                super.stringReceived(string);
                if (strings.size() == 1) {
                    pauseProducing();
                }
            }
        };
        StringTransport.connect(receiver);
        receiver.receive("1:a,1:b,1:");
        assertEquals(List.of("a"), receiver.strings);
        receiver.receive("c,");
        receiver.resumeProducing();
        assertEquals(List.of("a", "b", "c"), receiver.strings);
    }

    /** Switches to raw mode after the string "switch", then collects the raw bytes. */
    static final class Switcher extends Recorder {
        final StringBuilder raw = new StringBuilder();

        @Override
        protected void stringReceived(ByteBuffer string) {
            super.stringReceived(string);
            if (strings.get(strings.size() - 1).equals("switch")) {
                setRawMode();
            }
        }

        @Override
        protected void rawDataReceived(ByteBuffer data) {
            raw.append(StandardCharsets.UTF_8.decode(data));
        }
    }

    @Test
    void rawModeAfterANetstringGetsTheRestWhateverTheCuts() {
        byte[] input = "3:one,6:switch,7:not:one,".getBytes(StandardCharsets.US_ASCII);
        assertEquals("[one, switch] + 7:not:one,",
                EverySplit.check(Switcher::new, input, r -> r.strings + " + " + r.raw));
    }

    @Test
    void setFramedModeWithLeftoverDecodesItAsNetstrings() {
        Switcher receiver = new Switcher();
        receiver.dataReceived(ByteBuffer.wrap("6:switch,raw".getBytes(StandardCharsets.US_ASCII)));
        receiver.setFramedMode("2:ok,".getBytes(StandardCharsets.US_ASCII));
        assertEquals("raw", receiver.raw.toString());
        assertEquals(List.of("switch", "ok"), receiver.strings);
        assertFalse(receiver.isRawMode());
    }
}
