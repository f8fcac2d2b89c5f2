package io.torsion.spi;

/**
 * One handle's registration with its backend's readiness mechanism (a selection key, an epoll
 * registration). It knows nothing of what the handle is; it reports to the {@link ReadinessHandler}
 * the handle was registered for. Calls are cheap when nothing changes. Reactor thread only.
 */
public interface Registrar {

    /** Watches for readability and writability as asked; both false stops watching entirely. */
    void watch(boolean read, boolean write);

    /** Watches for the completion (or failure) of a non-blocking connect, reported as writable. */
    void watchConnect();

    /**
     * Reads now without waiting for readiness: called after a resume, because data that arrived while
     * paused raises no new edge. Level-triggered backends read once; an edge-triggered one reads with
     * its budget and, if that runs out, comes back later by itself.
     */
    void readNow();

    /** Stops watching for good; called once, right before the handle is closed. */
    void cancel();
}
