package io.torsion.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what a run's clients did, and keeps the violations (the first ones whole, then a count). */
final class Tally {

    private static final int KEPT = 40;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private int violationCount;

    void add(String counter, long n) {
        counts.computeIfAbsent(counter, k -> new LongAdder()).add(n);
    }

    void count(String counter) {
        add(counter, 1);
    }

    long get(String counter) {
        LongAdder adder = counts.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    synchronized void violation(String what) {
        violationCount++;
        if (violations.size() < KEPT) {
            violations.add(what);
        }
    }

    synchronized List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        if (violationCount > violations.size()) {
            all.add((violationCount - violations.size()) + " more violations not shown");
        }
        return all;
    }

    synchronized int violationCount() {
        return violationCount;
    }

    /** Every counter, sorted by name. */
    Map<String, Long> counters() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
