package io.torsion.bench.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/** The median and the range of one figure over the rounds of a scenario. */
record Spread(double median, double min, double max, int count) {

    /** The spread of {@code values}, or empty when there are none. */
    static Optional<Spread> of(Collection<Double> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return Optional.of(new Spread(median, sorted[0], sorted[n - 1], n));
    }

    static Optional<Spread> of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }
}
