package io.torsion.api;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Ways to cut one input into chunks, for tests that decoding does not depend on the cuts. */
final class Chunks {

    private Chunks() {
    }

    /** Every way to cut {@code data} into one or two pieces, and then into three pieces. */
    static List<int[]> everyCut(int length) {
        List<int[]> cuts = new ArrayList<>();
        for (int i = 0; i <= length; i++) {
            cuts.add(new int[] {i});
        }
        for (int i = 1; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                cuts.add(new int[] {i, j});
            }
        }
        return cuts;
    }

    /** Cuts after every byte. */
    static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    /**
     * Hands {@code data} to {@code sink} in pieces cut at {@code cuts}, each in a fresh buffer (direct
     * when {@code direct}) that is scribbled over after the call, as a reactor reuses its read buffer.
     */
    static void feed(Consumer<ByteBuffer> sink, byte[] data, int[] cuts, boolean direct) {
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : data.length;
            byte[] piece = Arrays.copyOfRange(data, from, to);
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(piece.length) : ByteBuffer.allocate(piece.length);
            buffer.put(piece).flip();
            sink.accept(buffer);
            buffer.clear();
            while (buffer.hasRemaining()) {
                buffer.put((byte) '#');
            }
            from = to;
        }
    }
}
