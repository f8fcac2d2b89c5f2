package io.torsion.apps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header before each file in the tutorial's file-transfer format: what Python's
 * {@code struct.pack('36sl', name, size)} makes on 64-bit Linux, 48 bytes.
 *
 * <pre>
 * offset  0  36 bytes  the file name, UTF-8, padded with NUL bytes ('36s')
 * offset 36   4 bytes  padding, so that the long is 8-aligned (native '@' alignment); ignored
 * offset 40   8 bytes  the body's size in bytes, little-endian signed 64-bit ('l' on LP64)
 * </pre>
 *
 * <p><b>Contract of {@link #parse}</b> (the receiving side's only parser of untrusted bytes): given
 * any 48 bytes it returns a header or throws {@link BadHeader}, nothing else. A returned header has
 * a size from 0 to the maximum and a name that is a plain file name: not empty, valid UTF-8, no
 * {@code /}, not {@code .} or {@code ..}, no NUL. A name with directories keeps only its last part
 * ({@code ../../etc/passwd} is {@code passwd}), as the tutorial's {@code os.path.basename} would. A
 * {@link BadHeader} says whether the stream can go on ({@link BadHeader#skip()}: the body's size, to
 * skip, for a bad name) or must close (-1: a negative size or one above the maximum, where the
 * next header cannot be found).
 */
public final class FileHeader {

    /** {@code struct.calcsize('36sl')} on 64-bit Linux. */
    public static final int SIZE = 48;
    /** Bytes of the name field ('36s'). */
    public static final int NAME_BYTES = 36;
    private static final int SIZE_OFFSET = 40;

    private final String name;
    private final long size;

    private FileHeader(String name, long size) {
        this.name = name;
        this.size = size;
    }

    /** The file name to store under: a plain name, no directory. */
    public String name() {
        return name;
    }

    /** The body's size in bytes. */
    public long size() {
        return size;
    }

    /** A header that cannot be accepted, with the reason in words a log reader understands. */
    public static final class BadHeader extends Exception {
        private static final long serialVersionUID = 1L;
        private final long skip;

        BadHeader(String reason, long skip) {
            super(reason, null, false, false);
            this.skip = skip;
        }

        /** Bytes of body to skip before the next header, or -1 when the connection must close. */
        public long skip() {
            return skip;
        }
    }

    /**
     * Parses the {@link #SIZE} bytes from {@code header}'s position (advancing it past them).
     *
     * @param maxSize the largest body accepted
     * @throws BadHeader for any header that cannot be accepted (see the class comment)
     * @throws IllegalArgumentException when fewer than {@link #SIZE} bytes remain
     */
    public static FileHeader parse(ByteBuffer header, long maxSize) throws BadHeader {
        if (header.remaining() < SIZE) {
            throw new IllegalArgumentException("a header is " + SIZE + " bytes, got " + header.remaining());
        }
        byte[] field = new byte[NAME_BYTES];
        header.get(field);
        long size = header.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(header.position() + SIZE_OFFSET - NAME_BYTES);
        header.position(header.position() + SIZE - NAME_BYTES);
        if (size < 0) {
            throw new BadHeader("negative size " + size, -1);
        }
        if (size > maxSize) {
            throw new BadHeader("size " + size + " is above the maximum of " + maxSize + " bytes", -1);
        }
        return new FileHeader(baseName(field, size), size);
    }

    /** The name field's text up to its first NUL, down to its last path part. */
    private static String baseName(byte[] field, long size) throws BadHeader {
        int end = 0;
        while (end < field.length && field[end] != 0) {
            end++;
        }
        if (end == 0) {
            throw new BadHeader("empty file name", size);
        }
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(field, 0, end));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadHeader("file name is not UTF-8: " + hex(field, end), size);
        }
        String base = text.substring(text.lastIndexOf('/') + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            throw new BadHeader("no file name in '" + printable(text) + "'", size);
        }
        return base;
    }

    /**
     * The header for {@code name} and {@code size}, ready to send.
     *
     * @throws IllegalArgumentException when the name is empty, longer than {@link #NAME_BYTES} bytes
     *     in UTF-8 (Python would cut it silently), holds a NUL, or the size is negative
     */
    public static ByteBuffer encode(String name, long size) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > NAME_BYTES || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a file name must be 1 to " + NAME_BYTES + " bytes of UTF-8 with no NUL: '"
                    + printable(name) + "' is " + bytes.length);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        ByteBuffer header = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(Arrays.copyOf(bytes, NAME_BYTES)).putInt(0).putLong(size);
        return header.flip();
    }

    /** {@code text} with control characters shown as \\uXXXX, so a log line stays one line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String hex(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "FileHeader[" + printable(name) + ", " + size + " bytes]";
    }
}
