package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LineReceiverTest {

    private static final int MAX = 24;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> decodeWithCuts(byte[] input, int[] cuts, boolean direct, boolean bare, byte[] delimiter) {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.setMaxLength(MAX);
        receiver.setAcceptBareNewline(bare);
        if (delimiter != null) {
            receiver.setDelimiter(delimiter);
        }
        EverySplit.feed(receiver::dataReceived, input, cuts, direct);
        assertEquals(List.of(), receiver.tooLong, "no line is too long, cut at " + Arrays.toString(cuts));
        return receiver.lines;
    }

    private static void assertSameLinesForEveryCut(byte[] input, List<String> expected, boolean bare, byte[] delimiter) {
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            assertEquals(expected, decodeWithCuts(input, cuts, false, bare, delimiter), "cut at " + Arrays.toString(cuts));
        }
        assertEquals(expected, decodeWithCuts(input, EverySplit.everyByte(input.length), false, bare, delimiter), "byte by byte");
        assertEquals(expected, decodeWithCuts(input, EverySplit.everyByte(input.length), true, bare, delimiter), "direct, byte by byte");
        assertEquals(expected, decodeWithCuts(input, new int[0], true, bare, delimiter), "direct, one chunk");
    }

    @Test
    void lineSplitAtEveryBoundaryYieldsSameLines() {
        String exactlyMax = "m".repeat(MAX);
        String input = "hello\r\n\r\nworld\n" + exactlyMax + "\r\n" + "h\u00e9\u20ac\n\nlast \r line\r\n" + exactlyMax + "\n";
        List<String> expected = List.of("hello", "", "world", exactlyMax, "h\u00e9\u20ac", "", "last \r line", exactlyMax);
        assertSameLinesForEveryCut(utf8(input), expected, true, null);
    }

    @Test
    void strictCrlfSplitAtEveryBoundaryKeepsBareNewlinesInsideLines() {
        String exactlyMax = "m".repeat(MAX);
        String input = "one\ntwo\r\n\r\n" + exactlyMax + "\r\ncr\r\r\n\n\r\n";
        List<String> expected = List.of("one\ntwo", "", exactlyMax, "cr\r", "\n");
        assertSameLinesForEveryCut(utf8(input), expected, false, null);
    }

    @Test
    void multiByteDelimiterWithBareNewlineSplitAtEveryBoundary() {
        String input = "a||b\r\nc\n||" + "m".repeat(MAX) + "|||";
        List<String> expected = List.of("a", "b", "c", "", "m".repeat(MAX), "");
        // The last "|||" is "||" ending the max-length line, then "|" starting a line that never ends.
        List<String> withoutTail = expected.subList(0, 5);
        assertSameLinesForEveryCut(utf8(input), withoutTail, true, utf8("||"));
    }

    @Test
    void bareNewlineEndsALineBeforeADelimiterThatHoldsANewlineHoweverCut() {
        // Found by fuzzing: fed whole, "\r\n\r\n" used to match as one delimiter, while cut after
        // the first "\n" it was two bare newlines, so an empty line appeared or not by the cut.
        String input = "head\r\n\r\nbody\n\r\nx\n\rend\n";
        assertSameLinesForEveryCut(utf8(input), List.of("head", "", "body", "", "x", "\rend"), true, utf8("\r\n\r\n"));
        assertSameLinesForEveryCut(utf8(input), List.of("head", "", "body", "", "x", "\rend"), true, utf8("\n\r"));
    }

    @Test
    void customDelimiterWithPartialDelimitersInsideLines() {
        String input = "a<EN<END><END>b<E\nc<END>" + "m".repeat(MAX - 1) + "<<END>";
        List<String> expected = List.of("a<EN", "", "b<E\nc", "m".repeat(MAX - 1) + "<");
        assertSameLinesForEveryCut(utf8(input), expected, false, utf8("<END>"));
    }

    @Test
    void lineOfExactlyMaxLengthIsDeliveredAndOneMoreIsTooLong() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onTooLong = line -> receiver.clearLineBuffer();
        receiver.setMaxLength(5);
        receiver.receive("12345\r\n");
        receiver.receive("123456\r\n");
        receiver.receive("after\r\n");
        assertEquals(List.of("12345", "after"), receiver.lines);
        assertEquals(List.of("123456"), receiver.tooLong);
    }

    @Test
    void oneEncodedReadOnlyLineGoesToManyReceiversUnchanged() {
        ByteBuffer line = ByteBuffer.wrap(utf8("xxshared é line")).position(2).asReadOnlyBuffer();
        List<StringTransport> transports = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingLineReceiver receiver = new RecordingLineReceiver();
            transports.add(StringTransport.connect(receiver));
            if (i == 2) {
                receiver.setDelimiter(utf8("\n"));
            }
            receiver.sendLine(line);
            assertEquals(2, line.position(), "sendLine leaves the buffer's position where it was");
        }
        assertEquals("shared é line\r\n", transports.get(0).valueString());
        assertEquals("shared é line\r\n", transports.get(1).valueString());
        assertEquals("shared é line\n", transports.get(2).valueString(), "the receiver's own delimiter");
    }

    @Test
    void overlongLineIsReportedBeforeItsDelimiterArrives() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.setMaxLength(5);
        receiver.receive("12345");
        assertEquals(List.of(), receiver.tooLong, "exactly maxLength bytes buffered is not yet too long");
        receiver.receive("\r");
        assertEquals(List.of(), receiver.tooLong, "a trailing \\r may begin the delimiter");
        receiver.receive("6");
        assertEquals(List.of("12345\r6"), receiver.tooLong, "reported as soon as it is known, without the delimiter");
        assertTrue(transport.isDisconnecting(), "the default closes the connection");
    }

    @Test
    void overlongLineWithDelimiterSeenByDefaultClosesAndStopsDelivery() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.setMaxLength(3);
        receiver.receive("ok\r\ntoolong\r\nnext\r\n");
        assertEquals(List.of("ok"), receiver.lines);
        assertEquals(List.of("toolong"), receiver.tooLong);
        assertTrue(transport.isDisconnecting());
        assertEquals(0, receiver.undeliveredBytes(), "the rest is dropped, not kept");
    }

    @Test
    void overrideThatNeitherClosesNorClearsDropsOnlyTheOverlongLine() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.onTooLong = line -> { };
        receiver.setMaxLength(4);
        receiver.receive("toolong");
        receiver.receive("still the long line\r\nfine\r\n");
        receiver.receive("also\r\nbad-again\r\nok\r\n");
        assertEquals(List.of("fine", "also", "ok"), receiver.lines, "never deaf");
        assertEquals(List.of("toolong", "bad-again"), receiver.tooLong);
        assertTrue(transport.isOpen());
        assertEquals(0, receiver.undeliveredBytes());
    }

    @Test
    void overrideThatNeitherClosesNorClearsKeepsTheLinesAfterTheOverlongLineWhateverTheCuts() {
        List<String> lines = EverySplit.check(() -> {
            RecordingLineReceiver receiver = new RecordingLineReceiver();
            receiver.onTooLong = line -> { };
            receiver.setMaxLength(3);
            return receiver;
        }, utf8("ab\r\ntoolong\r\ncd\r\nx"), receiver -> receiver.lines);
        assertEquals(List.of("ab", "cd"), lines);
    }

    @Test
    void clearingInLengthExceededSkipsTheRestOfTheOverlongLine() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        List<byte[]> cleared = new ArrayList<>();
        receiver.onTooLong = line -> cleared.add(receiver.clearLineBuffer());
        receiver.setMaxLength(4);
        receiver.receive("abcdef");
        receiver.receive("still the same line\r");
        receiver.receive("\nnext\r\n");
        assertEquals(List.of("abcdef"), receiver.tooLong);
        assertEquals(List.of("next"), receiver.lines);
        assertEquals(1, cleared.size());
        assertArrayEquals(new byte[0], cleared.get(0), "nothing after the line had arrived");
    }

    @Test
    void overlongLineEndingInPartialDelimiterIsSkippedUpToTheDelimiterRest() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onTooLong = line -> receiver.clearLineBuffer();
        receiver.setMaxLength(4);
        receiver.receive("abcde\r");
        assertEquals(List.of("abcde"), receiver.tooLong);
        receiver.receive("\nnext\r\n");
        assertEquals(List.of("next"), receiver.lines);
    }

    @Test
    void clearingInLengthExceededReturnsWhatFollowedTheOverlongLine() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        List<String> cleared = new ArrayList<>();
        receiver.onTooLong = line -> cleared.add(new String(receiver.clearLineBuffer(), StandardCharsets.UTF_8));
        receiver.setMaxLength(5);
        receiver.receive("toolong\r\nafter\r\npartial");
        receiver.receive("later\r\n");
        assertEquals(List.of("toolong"), receiver.tooLong);
        assertEquals(List.of("after\r\npartial"), cleared);
        assertEquals(List.of("later"), receiver.lines);
    }

    @Test
    void feedingBackClearedBytesDropsOnlyOverlongLinesWhateverTheCuts() {
        byte[] input = utf8("one\r\nthis line is too long\r\ntwo\r\nanother one too long\r\nthree\r\n");
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            RecordingLineReceiver receiver = new RecordingLineReceiver();
            receiver.setMaxLength(5);
            receiver.onTooLong = line -> receiver.dataReceived(ByteBuffer.wrap(receiver.clearLineBuffer()));
            EverySplit.feed(receiver::dataReceived, input, cuts, false);
            assertEquals(List.of("one", "two", "three"), receiver.lines, "cut at " + Arrays.toString(cuts));
            assertEquals(2, receiver.tooLong.size(), "cut at " + Arrays.toString(cuts));
        }
    }

    @Test
    void bufferedBytesStayBoundedByMaxLengthWithoutDelimiter() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onTooLong = line -> receiver.clearLineBuffer();
        receiver.setMaxLength(1000);
        byte[] chunk = new byte[100];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 1000; i++) {
            receiver.dataReceived(ByteBuffer.wrap(chunk));
            assertTrue(receiver.undeliveredBytes() <= 1000, "buffered " + receiver.undeliveredBytes());
        }
        assertEquals(1, receiver.tooLong.size(), "one over-long line, reported once");
        receiver.receive("\r\nback\r\n");
        assertEquals(List.of("back"), receiver.lines);
    }

    @Test
    void longLineInTinyChunksIsSearchedOnceNotOncePerChunk() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        int length = 400_000;
        receiver.setMaxLength(length);
        ByteBuffer oneByte = ByteBuffer.allocate(1);
        for (int i = 0; i < length; i++) {
            oneByte.clear();
            oneByte.put(0, (byte) 'y');
            receiver.dataReceived(oneByte);
        }
        receiver.receive("\r\n");
        assertEquals(1, receiver.lines.size());
        assertEquals(length, receiver.lines.get(0).length());
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.dataReceived(ByteBuffer.wrap(new byte[] {'a', (byte) 0xff, 'b', '\r', '\n', (byte) 0xe2, (byte) 0x82, '\r', '\n'}));
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {(byte) 0xc3, 'z', '\r', '\n'}).flip();
        receiver.dataReceived(direct);
        assertEquals(List.of("a\ufffdb", "\ufffd", "\ufffdz"), receiver.lines);
    }

    @Test
    void lineWithinOneChunkIsHandedOverWithoutCopying() {
        byte[] chunk = utf8("first\r\nsecond\r\nthird-part");
        List<ByteBuffer> views = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        LineReceiver receiver = new LineReceiver() {
            @Override
            protected void lineBytesReceived(ByteBuffer line) {
                views.add(line);
                texts.add(StandardCharsets.UTF_8.decode(line.duplicate()).toString());
            }
        };
        receiver.dataReceived(ByteBuffer.wrap(chunk));
        assertEquals(List.of("first", "second"), texts);
        assertSame(chunk, views.get(0).array(), "a view of the chunk, not a copy");
        receiver.dataReceived(ByteBuffer.wrap(utf8("\r\n")));
        assertEquals("third-part", texts.get(2), "a line split across chunks is assembled");
    }

    @Test
    void lineBytesReceivedGetsTheLineWithoutItsDelimiter() {
        List<byte[]> seen = new ArrayList<>();
        LineReceiver receiver = new LineReceiver() {
            @Override
            protected void lineBytesReceived(ByteBuffer line) {
                byte[] copy = new byte[line.remaining()];
                line.get(copy);
                seen.add(copy);
            }
        };
        receiver.dataReceived(ByteBuffer.wrap(new byte[] {1, 2, '\r', '\n', (byte) 0xff, '\r', '\n'}));
        assertEquals(2, seen.size());
        assertArrayEquals(new byte[] {1, 2}, seen.get(0));
        assertArrayEquals(new byte[] {(byte) 0xff}, seen.get(1));
    }

    @Test
    void switchingToRawModeMidChunkSendsTheRestOfTheChunkRaw() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onLine = line -> {
            if (line.equals("RAW")) {
                receiver.setRawMode();
            }
        };
        receiver.receive("a\r\nRAW\r\nraw\r\nbytes");
        assertEquals(List.of("a", "RAW"), receiver.lines);
        assertEquals(List.of("raw\r\nbytes"), receiver.raw);
        receiver.receive("more\r\n");
        assertEquals(List.of("raw\r\nbytes", "more\r\n"), receiver.raw);
        assertTrue(receiver.isRawMode());
    }

    @Test
    void switchingToRawModeAfterABufferedLineSendsTheRestRaw() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onLine = line -> receiver.setRawMode();
        receiver.receive("head");
        receiver.receive("er\r\nbody");
        assertEquals(List.of("header"), receiver.lines);
        assertEquals("body", receiver.rawJoined());
    }

    @Test
    void lineModeExtraDataIsDecodedAsLines() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        int[] rawWanted = {5};
        receiver.onLine = line -> {
            if (line.equals("DATA")) {
                receiver.setRawMode();
            }
        };
        receiver.onRaw = data -> {
            if (data.length() >= rawWanted[0]) {
                receiver.raw.set(receiver.raw.size() - 1, data.substring(0, rawWanted[0]));
                receiver.setLineMode(utf8(data.substring(rawWanted[0])));
            }
        };
        receiver.receive("DATA\r\n12345after\r\nagain\r\n");
        assertEquals(List.of("DATA", "after", "again"), receiver.lines);
        assertEquals(List.of("12345"), receiver.raw);
        assertFalse(receiver.isRawMode());
    }

    @Test
    void lineModeExtraComesBeforeLaterChunks() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.setRawMode();
        receiver.onRaw = data -> receiver.setLineMode(utf8("x\r\ny"));
        receiver.receive("raw");
        receiver.receive("z\r\n");
        assertEquals(List.of("x", "yz"), receiver.lines);
    }

    @Test
    void pausingMidChunkStopsLinesUntilResumed() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.onLine = line -> {
            if (line.equals("b")) {
                receiver.pauseProducing();
            }
        };
        receiver.receive("a\r\nb\r\nc\r\nd");
        assertEquals(List.of("a", "b"), receiver.lines);
        assertTrue(transport.isPaused(), "pausing the receiver pauses the transport");
        receiver.receive("\r\ne\r\n");
        transport.receive("f\r\n");
        assertEquals(List.of("a", "b"), receiver.lines, "nothing while paused");
        receiver.resumeProducing();
        assertFalse(transport.isPaused());
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), receiver.lines);
    }

    @Test
    void pausingAgainDuringResumeStopsAgain() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport.connect(receiver);
        receiver.onLine = line -> {
            if (line.startsWith("p")) {
                receiver.pauseProducing();
            }
        };
        receiver.receive("p1\r\nx\r\np2\r\ny\r\n");
        assertEquals(List.of("p1"), receiver.lines);
        receiver.resumeProducing();
        assertEquals(List.of("p1", "x", "p2"), receiver.lines);
        receiver.resumeProducing();
        assertEquals(List.of("p1", "x", "p2", "y"), receiver.lines);
    }

    @Test
    void pausingTheTransportDirectlyStopsLinesBetweenLines() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.onLine = line -> transport.pauseProducing();
        receiver.receive("a\r\nb\r\n");
        assertEquals(List.of("a"), receiver.lines);
        receiver.onLine = line -> { };
        receiver.resumeProducing();
        assertEquals(List.of("a", "b"), receiver.lines);
    }

    @Test
    void noLinesAfterTheHandlerClosesTheConnection() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.onLine = line -> {
            if (line.equals("quit")) {
                transport.loseConnection();
            }
        };
        receiver.receive("hi\r\nquit\r\nignored\r\n");
        receiver.dataReceived(ByteBuffer.wrap(utf8("also ignored\r\n")));
        assertEquals(List.of("hi", "quit"), receiver.lines);
    }

    @Test
    void registeredAsProducerLinesWaitWhileTheOutboundQueueIsFull() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.onLine = receiver::sendLine;
        transport.setWaterMarks(10, 4);
        transport.registerProducer(receiver);
        transport.setWritesBlocked(true);
        receiver.receive("aaaa\r\nbbbb\r\ncccc\r\ndddd\r\n");
        assertEquals(List.of("aaaa", "bbbb"), receiver.lines, "12 bytes queued > 10: paused after the second echo");
        assertTrue(receiver.isPaused());
        assertTrue(transport.isPaused());
        transport.drain();
        assertEquals(List.of("aaaa", "bbbb", "cccc", "dddd"), receiver.lines);
        assertEquals("aaaa\r\nbbbb\r\ncccc\r\ndddd\r\n", transport.valueString());
    }

    @Test
    void sendLineWritesLineAndDelimiter() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.sendLine("h\u00e9");
        receiver.setDelimiter(utf8("\n"));
        receiver.sendLine(new byte[] {'x'});
        assertEquals("h\u00e9\r\nx\n", transport.valueString());
    }

    @Test
    void clearLineBufferInsideALineReturnsTheRestAndDeliversNoMore() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        List<String> cleared = new ArrayList<>();
        receiver.onLine = line -> cleared.add(new String(receiver.clearLineBuffer(), StandardCharsets.UTF_8));
        receiver.receive("one\r\ntwo\r\nthr");
        assertEquals(List.of("one"), receiver.lines);
        assertEquals(List.of("two\r\nthr"), cleared);
        receiver.onLine = line -> { };
        receiver.receive("four\r\n");
        assertEquals(List.of("one", "four"), receiver.lines);
    }

    @Test
    void clearLineBufferInsideABufferedLineReturnsTheRestOfTheChunkToo() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        List<String> cleared = new ArrayList<>();
        receiver.onLine = line -> cleared.add(new String(receiver.clearLineBuffer(), StandardCharsets.UTF_8));
        receiver.receive("o");
        receiver.receive("ne\r\ntwo\r\nthr");
        assertEquals(List.of("one"), receiver.lines);
        assertEquals(List.of("two\r\nthr"), cleared);
        assertEquals(0, receiver.undeliveredBytes());
    }

    @Test
    void clearLineBufferOutsideCallbacksReturnsThePartialLine() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.receive("done\r\npart");
        assertArrayEquals(utf8("part"), receiver.clearLineBuffer());
        assertArrayEquals(new byte[0], receiver.clearLineBuffer());
        receiver.receive("new\r\n");
        assertEquals(List.of("done", "new"), receiver.lines);
    }

    @Test
    void dataFedBackDuringALineIsDecodedAfterTheCurrentChunk() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onLine = line -> {
            if (line.equals("a")) {
                receiver.receive("fed\r\n");
            }
        };
        receiver.receive("a\r\nb\r\nc");
        assertEquals(List.of("a", "b", "cfed"), receiver.lines, "fed bytes follow the rest of the chunk");
        receiver.receive("\r\n");
        assertEquals(List.of("a", "b", "cfed", ""), receiver.lines);
    }

    /** The protocol from the README: answers every line with its length, says goodbye on "quit". */
    static final class LengthServer extends LineReceiver {
        @Override
        protected void lineReceived(String line) {
            if (line.equals("quit")) {
                sendLine("bye");
                transport.loseConnection();
            } else {
                sendLine(line.length() + " characters");
            }
        }
    }

    @Test
    void readmeLengthServerAnswersAndSaysGoodbye() {
        StringTransport transport = StringTransport.connect(new LengthServer());
        transport.receive("hello\r\nh\u00e9\r\nqu");
        transport.receive("it\r\nignored\r\n");
        assertEquals("5 characters\r\n2 characters\r\nbye\r\n", transport.valueString());
        assertTrue(transport.isDisconnecting());
    }

    @Test
    void steadyStateDecodingAllocatesAtMostOneSmallViewPerChunk() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        org.junit.jupiter.api.Assumptions.assumeTrue(allocations.isThreadAllocatedMemorySupported());
        long[] seen = new long[1];
        LineReceiver receiver = new LineReceiver() {
            @Override
            protected void lineBytesReceived(ByteBuffer line) {
                seen[0] += line.remaining();
            }
        };
        // Each chunk ends mid-line, so both paths run: a line completed from the buffer, then lines in place.
        ByteBuffer chunk = ByteBuffer.wrap(utf8("tail of a line\r\nwhole line\r\nanother\r\nhead of a "));
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            chunk.rewind();
            receiver.dataReceived(chunk);
        }
        long before = allocations.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < rounds; i++) {
            chunk.rewind();
            receiver.dataReceived(chunk);
        }
        long perChunk = (allocations.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / rounds;
        assertTrue(seen[0] > 0);
        assertTrue(perChunk <= 128, perChunk + " bytes allocated per chunk");
    }

    @Test
    void pausingAfterEveryLineAndResumingYieldsSameLinesForEveryCut() {
        String exactlyMax = "m".repeat(MAX);
        byte[] input = utf8("one\r\n\ntwo\n" + exactlyMax + "\r\nthree\r\n");
        List<String> expected = List.of("one", "", "two", exactlyMax, "three");
        for (int[] cuts : EverySplit.everyCut(input.length)) {
            RecordingLineReceiver receiver = new RecordingLineReceiver();
            StringTransport transport = StringTransport.connect(receiver);
            receiver.setMaxLength(MAX);
            receiver.setAcceptBareNewline(true);
            receiver.onLine = line -> receiver.pauseProducing();
            EverySplit.feed(chunk -> {
                transport.receive(bytesOf(chunk));
                while (receiver.isPaused()) {
                    int before = receiver.lines.size();
                    receiver.resumeProducing();
                    if (receiver.lines.size() == before) {
                        break;
                    }
                }
            }, input, cuts, false);
            while (receiver.isPaused()) {
                receiver.resumeProducing();
            }
            assertEquals(expected, receiver.lines, "cut at " + Arrays.toString(cuts));
        }
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void randomCutsOfALongMixedInputYieldSameLines() {
        java.util.Random random = new java.util.Random(20261124L);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        String[] endings = {"\r\n", "\n"};
        for (int i = 0; i < 150; i++) {
            int length = random.nextInt(4) == 0 ? MAX : random.nextInt(MAX + 1);
            StringBuilder line = new StringBuilder();
            while (line.length() < length) {
                line.append(random.nextBoolean() ? 'a' : '\u00e9');
            }
            String value = line.toString();
            while (utf8(value).length > MAX) {
                value = value.substring(1);
            }
            expected.add(value);
            text.append(value).append(endings[random.nextInt(2)]);
        }
        byte[] input = utf8(text.toString());
        for (int round = 0; round < 60; round++) {
            int[] cuts = random.ints(random.nextInt(60), 1, input.length).sorted().distinct().toArray();
            assertEquals(expected, decodeWithCuts(input, cuts, round % 2 == 0, true, null), "round " + round);
        }
    }

    @Test
    void rawDataWaitsWhilePausedAndArrivesOnResume() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport.connect(receiver);
        receiver.setRawMode();
        receiver.pauseProducing();
        receiver.receive("abc");
        receiver.receive("def");
        assertEquals(List.of(), receiver.raw);
        receiver.resumeProducing();
        assertEquals("abcdef", receiver.rawJoined());
    }

    @Test
    void closingInLengthExceededDropsEverythingAfter() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        StringTransport transport = StringTransport.connect(receiver);
        receiver.setMaxLength(3);
        receiver.receive("toolong");
        receiver.receive("\r\nlost\r\n");
        assertEquals(List.of(), receiver.lines);
        assertTrue(transport.isDisconnecting());
        assertEquals(0, receiver.undeliveredBytes(), "nothing kept for a closing connection");
    }

    @Test
    void exceptionFromALineHandlerPropagatesAndLeavesTheReceiverUsable() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        receiver.onLine = line -> {
            if (line.equals("bad")) {
                throw new IllegalStateException("handler failed (expected by the test)");
            }
        };
        assertThrows(IllegalStateException.class, () -> receiver.receive("bad\r\n"));
        receiver.receive("good\r\n");
        assertEquals(List.of("bad", "good"), receiver.lines);
    }

    @Test
    void invalidSettingsAreRefused() {
        RecordingLineReceiver receiver = new RecordingLineReceiver();
        assertThrows(IllegalArgumentException.class, () -> receiver.setDelimiter(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> receiver.setMaxLength(-1));
        assertEquals(LineReceiver.DEFAULT_MAX_LENGTH, receiver.maxLength());
        assertArrayEquals(utf8("\r\n"), receiver.delimiter());
    }
}
