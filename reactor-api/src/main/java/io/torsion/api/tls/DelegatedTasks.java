package io.torsion.api.tls;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;

/**
 * Runs the engine's delegated tasks (certificate checks, key exchange: the slow part of a handshake)
 * off the reactor thread, so one handshake does not stall every other connection. A small shared
 * pool of daemon threads, one per core, idle threads ending after a while.
 */
final class DelegatedTasks {

    private static final AtomicInteger threads = new AtomicInteger();

    private static final ThreadPoolExecutor POOL = newPool();

    private DelegatedTasks() {
    }

    /** Runs every task {@code engine} has pending, then {@code done} (on a pool thread). */
    static void run(SSLEngine engine, Runnable done) {
        POOL.execute(() -> {
            try {
                for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                    task.run();
                }
            } finally {
                done.run();
            }
        });
    }

    private static ThreadPoolExecutor newPool() {
        int size = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread t = new Thread(runnable, "torsion-tls-task-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
