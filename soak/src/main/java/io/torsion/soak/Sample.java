package io.torsion.soak;

/** One reading of the server's figures, the phase of the run it was taken in, and the machine's load. */
record Sample(Phase phase, Figures figures, double loadAverage) {

    /** The phases of a run, in order. */
    enum Phase {
        WARMUP, BASELINE, LOAD, SETTLE
    }
}
