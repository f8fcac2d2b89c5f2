package io.torsion.soak;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds every blocking call of the soak's clients: a connection whose deadline passes is closed
 * from here, so the call blocked on it fails at once. One thread serves every connection of a run,
 * Unix sockets included (their blocking channels take no read timeout).
 */
final class Watchdog implements AutoCloseable {

    /** How often deadlines are checked: the precision of every timeout in the soak. */
    private static final long TICK_MILLIS = 50;

    private final Set<Conn> watched = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    Watchdog(String name) {
        thread = new Thread(this::watch, name + "-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(Conn conn) {
        watched.add(conn);
    }

    void forget(Conn conn) {
        watched.remove(conn);
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            for (Conn conn : watched) {
                if (conn.pastDeadline(now)) {
                    conn.expire();
                    watched.remove(conn);
                }
            }
            try {
                Thread.sleep(TICK_MILLIS);   // a clock tick, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        watched.forEach(Conn::close);
    }
}
