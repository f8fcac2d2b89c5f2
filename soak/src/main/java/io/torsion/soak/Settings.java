package io.torsion.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How long and how hard one soak runs: the warm-up before the baseline is read, the load after it,
 * the bound within which every well-behaved answer (and the health probe) must come, how often the
 * probe runs and the live heap is read during the load, and how long the figures may take to
 * return to the baseline once the load stops. With {@code avoidOpenFindings} (the short soak of
 * {@code mvn verify}) the well-behaved clients keep off the paths where the soak found a bug that
 * is reported but not yet fixed (soak/README.md, "Findings"), so the build stays green while the
 * long soak keeps showing it.
 */
record Settings(Path jar, Duration warmup, Duration load, Duration answerBound, Duration probeEvery,
        Duration heapEvery, Duration settleTimeout, List<String> serverJvmOptions, Margins margins,
        boolean avoidOpenFindings) {

    /**
     * Client types the short soak leaves out while what they found is open (soak/README.md,
     * "Findings"); the long soak runs them. None at present.
     */
    static final java.util.Set<String> OPEN_FINDINGS = java.util.Set.of();

    /**
     * JVM options of every server: a fixed heap, touched whole at start, so that a leak of objects
     * shows as an error rather than a machine out of memory, and resident memory beyond the heap
     * (compiled code, metaspace, native and direct buffers) is what RSS measures as it moves.
     */
    static final List<String> SERVER_JVM = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch",
            "-XX:NativeMemoryTracking=summary");

    /** The long soak: ten minutes of load after a minute of warm-up. */
    static Settings long_(Path jar, Duration load) {
        return new Settings(jar, Duration.ofSeconds(60), load, Duration.ofSeconds(20), Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofSeconds(120), SERVER_JVM, new Margins(16 * 1024, 10),
                false);
    }

    /**
     * The short soak of {@code mvn verify}: half a minute of load, bounds generous for a busy
     * machine, and more room for resident memory, since a warm-up this short leaves the compiler
     * much of its work to do during the load.
     */
    static Settings short_(Path jar) {
        return new Settings(jar, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(20),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60), SERVER_JVM, new Margins(32 * 1024, 15),
                true);
    }

    /** The same with another warm-up. */
    Settings withWarmup(Duration time) {
        return new Settings(jar, time, load, answerBound, probeEvery, heapEvery, settleTimeout, serverJvmOptions, margins,
                avoidOpenFindings);
    }
}
