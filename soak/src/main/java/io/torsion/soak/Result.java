package io.torsion.soak;

import java.util.List;
import java.util.Map;

/**
 * What one soak of one app on one backend found: whether it passed and why not, the figures at
 * the baseline, their peak under load and at the end, every sample, the clients' counters, the
 * health probe's record, which native memory grew since the baseline (NMT) and what trimming the C
 * allocator's free memory released before the baseline and the end were read.
 */
record Result(String app, String backend, List<String> failures, Figures baseline, Figures peak, Figures end,
        List<Sample> samples, Map<String, Long> counters, Probes probes, long loadStartMillis, long loadEndMillis,
        int warnings, String loadAverages, String nativeGrowth, String nativeHeapTrims) {

    boolean passed() {
        return failures.isEmpty();
    }

    String name() {
        return app + " on " + backend;
    }

    /** The health probe: how many ran, how many failed, the slowest and the 99th percentile answer. */
    record Probes(int count, int failed, long maxMillis, long p99Millis) {
    }
}
