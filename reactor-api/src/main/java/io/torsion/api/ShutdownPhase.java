package io.torsion.api;

/**
 * When a shutdown trigger runs, as in Twisted's {@code addSystemEventTrigger}: {@link #BEFORE}
 * while everything is still up, {@link #DURING} after ports stopped and connections are closing,
 * {@link #AFTER} when every connection is closed and every factory stopped, just before
 * {@link Reactor#run()} returns.
 */
public enum ShutdownPhase {
    BEFORE,
    DURING,
    AFTER
}
