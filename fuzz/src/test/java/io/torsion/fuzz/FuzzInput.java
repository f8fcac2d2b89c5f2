package io.torsion.fuzz;

import java.util.Arrays;

/**
 * A fuzz input read as a few settings bytes followed by the bytes a peer sends. Reading past the end
 * gives zeros, so every input, however short, is a valid case, and a saved input stays readable by
 * hand: the settings are the first bytes of the file.
 */
public final class FuzzInput {

    private final byte[] data;
    private int at;

    public FuzzInput(byte[] data) {
        this.data = data;
    }

    /** The next settings byte, 0 to 255 (0 past the end). */
    public int nextByte() {
        return at < data.length ? data[at++] & 0xff : 0;
    }

    /** The next settings byte as a choice among {@code options}. */
    public int choose(int options) {
        return nextByte() % options;
    }

    /** The next settings byte as a flag (its lowest bit). */
    public boolean nextFlag() {
        return (nextByte() & 1) != 0;
    }

    /** True while unread bytes remain. */
    public boolean hasMore() {
        return at < data.length;
    }

    /** The next {@code length} bytes (fewer at the end). */
    public byte[] take(int length) {
        int end = Math.min(data.length, at + length);
        byte[] taken = Arrays.copyOfRange(data, at, end);
        at = end;
        return taken;
    }

    /** Everything not read yet: the stream. */
    public byte[] rest() {
        byte[] rest = Arrays.copyOfRange(data, Math.min(at, data.length), data.length);
        at = data.length;
        return rest;
    }

    /** A seed that depends on the whole input, for chunkings that are random but reproducible. */
    public long seed() {
        return Arrays.hashCode(data);
    }
}
