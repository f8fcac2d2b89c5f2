package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveBufferTest {

    private final ReceiveBuffer buffer = new ReceiveBuffer();

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private String readable() {
        ByteBuffer view = buffer.array().duplicate();
        view.limit(buffer.writeIndex()).position(buffer.readIndex());
        return StandardCharsets.US_ASCII.decode(view).toString();
    }

    @Test
    void appendCopiesAndAdvancesTheSource() {
        ByteBuffer source = ascii("hello world");
        buffer.append(source, 5);
        assertEquals("hello", readable());
        assertEquals(5, source.position());
        buffer.append(source, source.remaining());
        assertEquals("hello world", readable());
    }

    @Test
    void consumingEverythingStartsAgainAtZero() {
        buffer.append(ascii("abc"), 3);
        buffer.consumeTo(1);
        assertEquals("bc", readable());
        buffer.consumeTo(3);
        assertTrue(buffer.isEmpty());
        assertEquals(0, buffer.readIndex());
        assertEquals(0, buffer.writeIndex());
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.consumeTo(1));
    }

    @Test
    void consumedPrefixIsReusedBeforeGrowing() {
        buffer.append(ByteBuffer.allocate(200), 200);
        ByteBuffer before = buffer.array();
        buffer.consumeTo(150);
        buffer.append(ByteBuffer.allocate(100), 100);
        assertSame(before, buffer.array(), "moved down, not grown");
        assertEquals(150, buffer.readable());
        assertEquals(0, buffer.readIndex());
    }

    @Test
    void growsForLargeFramesAndGivesTheMemoryBackWhenEmptied() {
        buffer.append(ByteBuffer.allocate(100_000), 100_000);
        assertTrue(buffer.array().capacity() >= 100_000);
        buffer.consumeTo(buffer.writeIndex());
        assertEquals(0, buffer.array().capacity(), "an oversized array is not kept");
        buffer.append(ascii("x"), 1);
        assertTrue(buffer.array().capacity() < 1024);
    }

    @Test
    void appendAndClearMovesAnotherBuffersBytes() {
        ReceiveBuffer other = new ReceiveBuffer();
        other.append(ascii("xyz"), 3);
        other.consumeTo(1);
        buffer.append(ascii("a"), 1);
        buffer.appendAndClear(other);
        assertEquals("ayz", readable());
        assertTrue(other.isEmpty());
    }
}
