package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.EverySplit;
import io.torsion.api.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LengthPrefixedReceiverTest {

    /** Records strings and refused lengths; hands the rest over when a string says "switch". */
    static class Recorder extends LengthPrefixedReceiver {
        final List<String> strings = new ArrayList<>();
        final List<Long> tooLong = new ArrayList<>();
        final StringBuilder raw = new StringBuilder();

        Recorder(int prefix, ByteOrder order) {
            super(prefix, order);
        }

        @Override
        protected void stringReceived(ByteBuffer string) {
            String text = StandardCharsets.UTF_8.decode(string).toString();
            strings.add(text);
            if (text.equals("switch")) {
                setRawMode();
            }
        }

        @Override
        protected void rawDataReceived(ByteBuffer data) {
            raw.append(StandardCharsets.UTF_8.decode(data));
        }

        @Override
        protected void lengthLimitExceeded(long length) {
            tooLong.add(length);
            super.lengthLimitExceeded(length);
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("Int8", 1, ByteOrder.BIG_ENDIAN),
                Arguments.of("Int16", 2, ByteOrder.BIG_ENDIAN),
                Arguments.of("Int32", 4, ByteOrder.BIG_ENDIAN),
                Arguments.of("3-byte little-endian", 3, ByteOrder.LITTLE_ENDIAN));
    }

    /** What a sender of this kind writes for {@code strings}. */
    private static byte[] sent(int prefix, ByteOrder order, String... strings) {
        Recorder sender = new Recorder(prefix, order);
        StringTransport wire = StringTransport.connect(sender);
        for (String string : strings) {
            sender.sendString(string.getBytes(StandardCharsets.UTF_8));
        }
        return wire.value();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void stringsSentComeBackWhateverTheCuts(String kind, int prefix, ByteOrder order) {
        List<String> expected = List.of("hello", "", "x", "c".repeat(40), "\u00e9\u20ac");
        byte[] wire = sent(prefix, order, expected.toArray(new String[0]));
        Supplier<Recorder> make = () -> new Recorder(prefix, order);
        assertEquals(expected, EverySplit.check(make, wire, r -> r.strings));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rawModeAfterAStringGetsTheRestWhateverTheCuts(String kind, int prefix, ByteOrder order) {
        byte[] framed = sent(prefix, order, "one", "switch");
        byte[] wire = new byte[framed.length + 9];
        System.arraycopy(framed, 0, wire, 0, framed.length);
        System.arraycopy("raw bytes".getBytes(StandardCharsets.US_ASCII), 0, wire, framed.length, 9);
        Supplier<Recorder> make = () -> new Recorder(prefix, order);
        assertEquals("[one, switch] + raw bytes",
                EverySplit.check(make, wire, r -> r.strings + " + " + r.raw));
    }

    @Test
    void prefixIsWrittenInItsByteOrder() {
        assertArrayEquals(new byte[] {0, 0, 3, 'a', 'b', 'c'}, sent(3, ByteOrder.BIG_ENDIAN, "abc"));
        assertArrayEquals(new byte[] {3, 0, 0, 'a', 'b', 'c'}, sent(3, ByteOrder.LITTLE_ENDIAN, "abc"));
        assertArrayEquals(new byte[] {0, 1, 'z'}, sent(2, ByteOrder.BIG_ENDIAN, "z"));
    }

    @Test
    void littleEndianLengthIsReadUnsigned() {
        Recorder receiver = new Recorder(2, ByteOrder.LITTLE_ENDIAN);
        receiver.setMaxLength(70_000);
        receiver.dataReceived(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff}));
        receiver.dataReceived(ByteBuffer.wrap(new byte[65535]));
        assertEquals(1, receiver.strings.size());
        assertEquals(65535, receiver.strings.get(0).length());
    }

    @ParameterizedTest(name = "Int{0}")
    @org.junit.jupiter.params.provider.CsvSource({"8, 1, 256", "16, 2, 65536"})
    void stringLongerThanThePrefixCanSayIsRefusedBeforeWriting(int bits, int prefix, int tooLong) {
        Recorder sender = new Recorder(prefix, ByteOrder.BIG_ENDIAN);
        StringTransport wire = StringTransport.connect(sender);
        sender.sendString(new byte[tooLong - 1]);
        int written = wire.value().length;
        assertEquals(prefix + tooLong - 1, written, "the longest string the prefix can say is sent");
        StringTooLongException refused = assertThrows(StringTooLongException.class,
                () -> sender.sendString(new byte[tooLong]));
        assertEquals(tooLong, refused.length());
        assertEquals(tooLong - 1, refused.limit());
        assertTrue(refused.getMessage().contains(Integer.toString(tooLong)), refused.getMessage());
        assertEquals(written, wire.value().length, "nothing written for the refused string");
    }

    @Test
    void namedReceiversHaveTwistedsPrefixes() {
        Int8StringReceiver int8 = new Int8StringReceiver() {
            @Override
            protected void stringReceived(ByteBuffer string) {
            }
        };
        Int16StringReceiver int16 = new Int16StringReceiver() {
            @Override
            protected void stringReceived(ByteBuffer string) {
            }
        };
        assertEquals(1, int8.prefixLength());
        assertEquals(255, int8.largestSayable());
        assertEquals(2, int16.prefixLength());
        assertEquals(ByteOrder.BIG_ENDIAN, int16.prefixOrder());
        assertEquals(99999, int16.maxLength());
    }

    @Test
    void lengthAboveMaxLengthClosesAndDropsTheRest() {
        Recorder receiver = new Recorder(2, ByteOrder.BIG_ENDIAN);
        StringTransport transport = StringTransport.connect(receiver);
        receiver.setMaxLength(10);
        receiver.dataReceived(ByteBuffer.wrap(new byte[] {0, 11, 'a', 'b'}));
        receiver.dataReceived(ByteBuffer.wrap(sent(2, ByteOrder.BIG_ENDIAN, "dropped")));
        assertEquals(List.of(11L), receiver.tooLong);
        assertEquals(List.of(), receiver.strings);
        assertTrue(transport.isDisconnecting());
        assertEquals(0, receiver.undeliveredBytes());
    }

    @Test
    void takeUndeliveredInsideACallbackHandsOverTheRestOfTheStream() {
        List<byte[]> handedOver = new ArrayList<>();
        Recorder receiver = new Recorder(1, ByteOrder.BIG_ENDIAN) {
            @Override
            protected void stringReceived(ByteBuffer string) {
                super.stringReceived(string);
                handedOver.add(takeUndelivered());
            }
        };
        byte[] wire = sent(1, ByteOrder.BIG_ENDIAN, "first", "second");
        receiver.dataReceived(ByteBuffer.wrap(wire, 0, 9)); // "first" whole, 3 bytes of the next
        assertEquals(List.of("first"), receiver.strings);
        assertArrayEquals(new byte[] {6, 's', 'e'}, handedOver.get(0));
        assertEquals(0, receiver.undeliveredBytes());
        assertThrows(IllegalArgumentException.class, () -> new Recorder(5, ByteOrder.BIG_ENDIAN));
    }
}
