package io.torsion.api.testing;

import io.torsion.api.Protocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The property every framer must have, as a test helper: what a protocol makes of its input does
 * not depend on how the input was cut into chunks. torsion's own framers are tested with it; use
 * it for a framer of your own (see {@link io.torsion.api.FramingProtocol}).
 *
 * <pre>{@code
 * List<String> frames = EverySplit.check(MyReceiver::new, input, receiver -> receiver.frames);
 * assertEquals(List.of("a", "b"), frames);
 * }</pre>
 *
 * <p>{@link #check} tries every way to cut the input once or twice, a cut after every byte, and
 * each of those in heap and direct buffers; every buffer is overwritten after the call, as a
 * reactor reuses its read buffer, so a protocol that keeps a buffer instead of copying fails too.
 * Two cuts make the work cubic in the input's length: keep inputs to a few hundred bytes.
 */
public final class EverySplit {

    private EverySplit() {
    }

    /** Every way to cut {@code length} bytes once (including at either end) or twice. */
    public static List<int[]> everyCut(int length) {
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

    /** Cuts after every byte of {@code length} bytes. */
    public static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    /**
     * Hands {@code data} to {@code sink} in pieces cut at {@code cuts} (ascending offsets), each in
     * a fresh buffer (direct when {@code direct}) that is overwritten with {@code '#'} after the
     * call.
     */
    public static void feed(Consumer<ByteBuffer> sink, byte[] data, int[] cuts, boolean direct) {
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

    /**
     * Feeds {@code input} to a fresh protocol from {@code make} (connected to a
     * {@link StringTransport}) once whole, and once for every cut {@link #everyCut} and
     * {@link #everyByte} give, in heap and in direct buffers; returns what {@code outcome} says of
     * the protocol fed whole.
     *
     * @throws AssertionError naming the cuts when some cut gives another outcome ({@code equals})
     */
    public static <P extends Protocol, R> R check(Supplier<P> make, byte[] input, Function<? super P, R> outcome) {
        R whole = outcomeOf(make, input, new int[0], false, outcome);
        List<int[]> all = everyCut(input.length);
        all.add(everyByte(input.length));
        for (int[] cuts : all) {
            for (boolean direct : new boolean[] {false, true}) {
                R got = outcomeOf(make, input, cuts, direct, outcome);
                if (!Objects.equals(whole, got)) {
                    throw new AssertionError("cut at " + Arrays.toString(cuts) + (direct ? " (direct buffers)" : "")
                            + ": expected " + whole + " as when fed whole, but got " + got);
                }
            }
        }
        return whole;
    }

    private static <P extends Protocol, R> R outcomeOf(Supplier<P> make, byte[] input, int[] cuts, boolean direct,
            Function<? super P, R> outcome) {
        P protocol = make.get();
        StringTransport.connect(protocol);
        feed(protocol::dataReceived, input, cuts, direct);
        return outcome.apply(protocol);
    }
}
