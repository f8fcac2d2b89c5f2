package io.torsion.tck;

import java.util.zip.CRC32;

/**
 * A deterministic, non-repeating byte stream: byte {@code i} of stream {@code seed} is a hash of
 * both. A receiver can tell exactly where a stream was cut, duplicated or reordered, which a
 * checksum alone cannot.
 */
final class Pattern {

    private Pattern() {
    }

    static byte at(long seed, long index) {
        long x = (index + 1) * 0x9E3779B97F4A7C15L ^ seed * 0xC2B2AE3D27D4EB4FL;
        x ^= x >>> 31;
        x *= 0xBF58476D1CE4E5B9L;
        return (byte) (x >>> 56);
    }

    /** {@code length} bytes of stream {@code seed} starting at {@code offset}. */
    static byte[] bytes(long seed, long offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = at(seed, offset + i);
        }
        return out;
    }

    /** The index in the stream of the first byte of {@code data} that differs, or -1. */
    static long firstMismatch(long seed, long offset, byte[] data, int from, int length) {
        for (int i = 0; i < length; i++) {
            if (data[from + i] != at(seed, offset + i)) {
                return offset + i;
            }
        }
        return -1;
    }

    /** CRC-32 of the first {@code length} bytes of stream {@code seed}. */
    static long crc(long seed, long length) {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[64 * 1024];
        for (long done = 0; done < length; done += chunk.length) {
            int n = (int) Math.min(chunk.length, length - done);
            for (int i = 0; i < n; i++) {
                chunk[i] = at(seed, done + i);
            }
            crc.update(chunk, 0, n);
        }
        return crc.getValue();
    }
}
