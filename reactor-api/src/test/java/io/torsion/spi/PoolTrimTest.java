package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The loop gives a finished burst's write chunks back, and then waits without a timer for it. */
class PoolTrimTest {

    @Test
    void aBurstOfChunksIsTrimmedToTheFloorAndTheLoopThenWaitsWithoutATimeout() throws Exception {
        BurstLoop loop = new BurstLoop();
        Thread thread = new Thread(loop::run, "pool-trim");
        thread.start();
        try {
            assertTrue(loop.idleWaitAfterBurst.await(30, TimeUnit.SECONDS),
                    "the loop never came back to waiting without a deadline after the burst");
            CompletableFuture<Integer> idle = new CompletableFuture<>();
            loop.callFromThread(() -> idle.complete(loop.bufferPool().idleChunks()));
            assertEquals(256, idle.get(10, TimeUnit.SECONDS), "the floor of large chunks");
            assertTrue(loop.timedWaitsAfterBurst >= 2, "kept for a period, then trimmed: " + loop.timedWaitsAfterBurst);
        } finally {
            loop.stop();
            thread.join(10_000);
        }
    }

    /** A backend whose first dispatch fills 1,000 write queues' worth of chunks and frees them. */
    private static final class BurstLoop extends EventLoop {
        final CountDownLatch idleWaitAfterBurst = new CountDownLatch(1);
        volatile int timedWaitsAfterBurst;
        private volatile Thread waiter;
        private boolean burstDone;

        BurstLoop() {
            super("burst");
        }

        @Override
        protected void poll(long timeoutNanos) {
            waiter = Thread.currentThread();
            if (!burstDone) { // the first turn's dispatch: as if a read had fanned out to 1,000 queues
                burstDone = true;
                List<ByteBuffer> chunks = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    chunks.add(bufferPool().take());
                }
                chunks.forEach(bufferPool()::give);
                return;
            }
            if (timeoutNanos < 0) {
                idleWaitAfterBurst.countDown();
            } else {
                timedWaitsAfterBurst++;
            }
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else if (timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        }

        @Override
        protected void wakeup() {
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        @Override
        protected void closeBackend() {
        }
    }
}
