package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FileHeaderTest {

    @Test
    void encodeMakesWhatPythonsStructPackMakes() throws Exception {
        Process python = new ProcessBuilder("python3", "-c",
                "import struct,sys; sys.stdout.write(struct.pack('36sl', 'héllo.txt'.encode('utf-8'), 1234567890123).hex())")
                .redirectErrorStream(true).start();
        String hex = new String(python.getInputStream().readAllBytes(), UTF_8);
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        ByteBuffer encoded = FileHeader.encode("héllo.txt", 1234567890123L);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        assertEquals(hex, HexFormat.of().formatHex(bytes), "struct.pack('36sl', ...) on this machine");
        assertEquals(FileHeader.SIZE, bytes.length);
    }

    @Test
    void parseReadsBackWhatEncodeWroteAndMovesPastIt() throws Exception {
        ByteBuffer wire = ByteBuffer.allocate(FileHeader.SIZE + 3);
        wire.put(FileHeader.encode("a.bin", 77)).put(new byte[] {1, 2, 3}).flip();
        FileHeader header = FileHeader.parse(wire, 100);
        assertEquals("a.bin", header.name());
        assertEquals(77, header.size());
        assertEquals(FileHeader.SIZE, wire.position());
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, wire.order(), "the caller's buffer keeps its byte order");
    }

    @Test
    void aSizeThatLosesTheFramingClosesAndABadNameSkipsItsBody() {
        FileHeader.BadHeader negative = assertThrows(FileHeader.BadHeader.class, () -> FileHeader.parse(raw("x", -1), 10));
        assertEquals(-1, negative.skip());
        FileHeader.BadHeader large = assertThrows(FileHeader.BadHeader.class, () -> FileHeader.parse(raw("x", 11), 10));
        assertEquals(-1, large.skip());
        FileHeader.BadHeader dots = assertThrows(FileHeader.BadHeader.class, () -> FileHeader.parse(raw("a/..", 7), 10));
        assertEquals(7, dots.skip());
        assertEquals("b", assertDoesParse(raw("/a/b", 1)).name());
    }

    @Test
    void encodeRefusesWhatTheHeaderCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> FileHeader.encode("x".repeat(37), 1));
        assertThrows(IllegalArgumentException.class, () -> FileHeader.encode("", 1));
        assertThrows(IllegalArgumentException.class, () -> FileHeader.encode("a\0b", 1));
        assertThrows(IllegalArgumentException.class, () -> FileHeader.encode("a", -1));
        assertThrows(IllegalArgumentException.class, () -> FileHeader.parse(ByteBuffer.allocate(47), 1));
    }

    /** The contract the fuzz targets hold it to: any 48 bytes give a header or a BadHeader. */
    @Test
    void anyFortyEightBytesGiveAHeaderOrABadHeader() {
        Random random = new Random(48);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[FileHeader.SIZE];
            random.nextBytes(bytes);
            if (i % 2 == 0) {
                bytes[40 + 7] &= 0x00; // small sizes too, so that names get parsed
                bytes[40 + 6] = 0;
                bytes[40 + 5] = 0;
            }
            try {
                FileHeader h = FileHeader.parse(ByteBuffer.wrap(bytes), Long.MAX_VALUE);
                assertTrue(!h.name().isEmpty() && h.name().indexOf('/') < 0 && !h.name().equals("..") && h.size() >= 0, h.toString());
            } catch (FileHeader.BadHeader expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            }
        }
    }

    private static FileHeader assertDoesParse(ByteBuffer b) {
        try {
            return FileHeader.parse(b, 10);
        } catch (FileHeader.BadHeader e) {
            throw new AssertionError(e.getMessage());
        }
    }

    private static ByteBuffer raw(String name, long size) {
        ByteBuffer b = ByteBuffer.allocate(FileHeader.SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(name.getBytes(UTF_8)).position(40);
        return b.putLong(size).flip().position(0).limit(FileHeader.SIZE);
    }
}
