package io.torsion.bench.jmh;

import io.torsion.api.Protocol;
import java.nio.ByteBuffer;

/**
 * Hands a fixed input to a protocol in chunks of a fixed size, through one reused direct buffer, the
 * way a reactor hands over what each read returned. Nothing is allocated per chunk, so the GC
 * profiler's figures belong to the protocol alone.
 */
final class ChunkFeeder {

    private final ByteBuffer input;
    private final int chunkSize;
    private final int total;

    ChunkFeeder(byte[] bytes, int chunkSize) {
        this.input = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        this.chunkSize = chunkSize;
        this.total = bytes.length;
    }

    void feed(Protocol protocol) {
        for (int start = 0; start < total; start += chunkSize) {
            input.limit(Math.min(start + chunkSize, total)).position(start);
            protocol.dataReceived(input);
        }
    }

    /** {@code count} copies of {@code frame}, back to back. */
    static byte[] repeat(byte[] frame, int count) {
        byte[] out = new byte[frame.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, out, i * frame.length, frame.length);
        }
        return out;
    }

    /** {@code length} printable ASCII bytes, so a UTF-8 decode takes its common path. */
    static byte[] text(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ('a' + i % 26);
        }
        return out;
    }
}
