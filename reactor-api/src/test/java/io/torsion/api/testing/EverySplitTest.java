package io.torsion.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.FramingProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A framer written outside torsion's package, the way FramingProtocol's documentation says. */
class EverySplitTest {

    /** Frames end at a NUL byte; the example from FramingProtocol's class comment. */
    static final class NulTerminated extends FramingProtocol {
        final List<String> frames = new ArrayList<>();

        NulTerminated() {
            super(16);
        }

        @Override
        protected boolean decodeNext() {
            for (int i = readIndex(); i < endIndex(); i++) {
                if (byteAt(i) == 0) {
                    int start = readIndex();
                    consumeTo(i + 1);
                    frames.add(utf8(slice(start, i)));
                    return true;
                }
            }
            if (endIndex() - readIndex() > maxLength()) {
                discardAllInput();
                consumeTo(endIndex());
                transport.loseConnection();
                return true;
            }
            return false;
        }
    }

    /** Wrong on purpose: treats every chunk as one frame. */
    static final class ChunkIsAFrame extends BaseProtocol {
        final List<String> frames = new ArrayList<>();

        @Override
        public void dataReceived(ByteBuffer data) {
            frames.add(StandardCharsets.UTF_8.decode(data).toString());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFramerOfOnesOwnPassesWhateverTheCuts() {
        assertEquals(List.of("ab", "", "c\u00e9"), EverySplit.check(NulTerminated::new, bytes("ab\0\0c\u00e9\0tail"),
                framer -> framer.frames));
    }

    @Test
    void aFramerThatDependsOnTheCutsFailsNamingTheCut() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> EverySplit.check(ChunkIsAFrame::new, bytes("abc"), framer -> framer.frames));
        assertTrue(failure.getMessage().startsWith("cut at ["), failure.getMessage());
    }

    @Test
    void aProtocolThatKeepsTheBufferSeesItOverwritten() {
        final class KeepsTheBuffer extends BaseProtocol {
            final List<ByteBuffer> kept = new ArrayList<>();

            @Override
            public void dataReceived(ByteBuffer data) {
                kept.add(data);
            }

            String text() {
                StringBuilder all = new StringBuilder();
                kept.forEach(b -> all.append(StandardCharsets.UTF_8.decode(b.duplicate().clear())));
                return all.toString();
            }
        }
        assertEquals("###", EverySplit.check(KeepsTheBuffer::new, bytes("abc"), KeepsTheBuffer::text),
                "what it kept, read after the calls: the helper overwrote it, so a test expecting abc fails");
    }

    @Test
    void everyCutListsOneAndTwoCuts() {
        assertEquals(4 + 1, EverySplit.everyCut(3).size(), "cuts at 0..3, and the pair (1, 2)");
        assertEquals(List.of(1, 2), java.util.Arrays.stream(EverySplit.everyByte(3)).boxed().toList());
    }
}
