package io.torsion.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The differential property every stream parser must have: the same bytes, cut into chunks any
 * way, give the same outcome. Each input is fed whole, one byte at a time, and cut at random in two
 * ways (the cuts drawn from a seed the input fixes, so a failure replays exactly), in heap and in
 * direct buffers.
 */
public final class Chunkings {

    /** One way to cut an input: ascending offsets, and whether chunks are direct buffers. */
    public record Cut(int[] offsets, boolean direct) {
        @Override
        public String toString() {
            return (direct ? "direct " : "heap ") + Arrays.toString(offsets);
        }
    }

    private Chunkings() {
    }

    /** The cuts every input is fed with: whole first, the reference the others must match. */
    public static List<Cut> of(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Cut> cuts = new ArrayList<>();
        cuts.add(new Cut(new int[0], false));
        cuts.add(new Cut(everyByte(length), false));
        cuts.add(new Cut(randomCuts(length, random, 3), false));
        // Direct buffers are slow to allocate: only the cut with the fewest pieces uses them.
        cuts.add(new Cut(randomCuts(length, random, 64), true));
        return cuts;
    }

    /**
     * Runs {@code feed} over every cut of {@code input} and returns the outcome of feeding it whole.
     *
     * @throws AssertionError naming the cut when some cut gives another outcome ({@code equals})
     */
    public static <R> R sameOutcome(byte[] input, long seed, BiFunction<byte[], Cut, R> feed) {
        List<Cut> cuts = of(input.length, seed);
        R whole = feed.apply(input, cuts.get(0));
        for (Cut cut : cuts.subList(1, cuts.size())) {
            R got = feed.apply(input, cut);
            if (!Objects.equals(whole, got)) {
                throw new AssertionError("cut " + cut + ": expected " + whole + " as when fed whole, but got " + got);
            }
        }
        return whole;
    }

    static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    /** Cuts into chunks of 1 to {@code maxChunk} bytes. */
    static int[] randomCuts(int length, SplittableRandom random, int maxChunk) {
        List<Integer> offsets = new ArrayList<>();
        for (int at = 1 + random.nextInt(maxChunk); at < length; at += 1 + random.nextInt(maxChunk)) {
            offsets.add(at);
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }
}
