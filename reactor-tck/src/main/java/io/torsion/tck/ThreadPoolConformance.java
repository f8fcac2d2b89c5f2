package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Loopback.assertEchoes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ListeningPort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reactor's pool for blocking work: where tasks run, where results arrive, its bounds, its end. */
public interface ThreadPoolConformance extends Kit {

    /** A stage's outcome, with the thread its completion ran on. */
    final class Outcome<T> {
        final CompletableFuture<T> value = new CompletableFuture<>();
        volatile boolean onReactor;

        Outcome(Kit kit, CompletionStage<T> stage) {
            stage.whenComplete((v, e) -> {
                onReactor = kit.onReactorThread();
                if (e == null) {
                    value.complete(v);
                } else {
                    value.completeExceptionally(e);
                }
            });
        }

        Throwable failure() {
            await("the stage completed", value::isDone);
            return value.handle((v, e) -> e).join();
        }
    }

    /** Waits for {@code latch}, failing the task (not hanging the test) if nobody opens it. */
    private static void hold(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the test never released this task");
        }
    }

    @Test
    @Tag("threads")
    default void deferToThreadRunsOnANamedPoolThreadAndCompletesOnTheReactorThread() {
        Outcome<String> ok = call(() -> new Outcome<>(this, reactor().deferToThread(
                () -> Thread.currentThread().getName())));
        Outcome<Object> failed = call(() -> new Outcome<>(this, reactor().deferToThread(() -> {
            throw new java.io.IOException("thrown from a pool task on purpose");
        })));
        String worker = ok.value.join();
        assertTrue(worker.startsWith("torsion-" + reactor().name() + "-pool-"), "pool thread name " + worker);
        assertTrue(ok.onReactor, "a successful stage completed on the reactor thread");
        assertInstanceOf(java.io.IOException.class, failed.failure(), "what the task threw");
        assertTrue(failed.onReactor, "a failed stage completed on the reactor thread");
    }

    @Test
    @Tag("threads")
    default void callInThreadFromAnyThreadKeepsThePoolUsableAfterATaskThrows() {
        AtomicInteger ran = new AtomicInteger();
        reactor().callInThread(() -> {
            throw new IllegalStateException("thrown from callInThread on purpose");
        });
        for (int i = 0; i < 20; i++) {
            reactor().callInThread(ran::incrementAndGet);
        }
        await("twenty tasks after a throwing one ran", () -> ran.get() == 20);
        barrier();
    }

    @Test
    @Tag("threads")
    default void poolRunsAtMostItsThreadsAndRefusesPastItsQueueBound() throws Exception {
        reactor().configureThreadPool(2, 3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Outcome<Integer>> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            outcomes.add(call(() -> new Outcome<>(this, reactor().deferToThread(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                hold(release);
                running.decrementAndGet();
                return n;
            }))));
            if (i == 1) {
                await("both threads busy", () -> running.get() == 2);
            }
        }
        RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                () -> reactor().callInThread(() -> violation("a task past the bound ran")));
        assertTrue(refused.getMessage().contains("full"), "the refusal says why: " + refused.getMessage());
        release.countDown();
        for (int i = 0; i < 5; i++) {
            assertEquals(i, outcomes.get(i).value.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), "result " + i);
        }
        assertEquals(2, most.get(), "most tasks running at once");
        Outcome<String> after = call(() -> new Outcome<>(this, reactor().deferToThread(() -> "again")));
        assertEquals("again", after.value.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), "a task once the queue drained");
    }

    @Test
    @Tag("threads")
    default void slowPoolTaskDoesNotDelayOtherConnections() throws Exception {
        ListeningPort port = listenEcho(new java.util.concurrent.CopyOnWriteArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Outcome<String> slow = call(() -> new Outcome<>(this, reactor().deferToThread(() -> {
            started.countDown();
            hold(release);
            return "synced";
        })));
        assertTrue(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the slow task started");
        try (Peer peer = connect(port)) {
            assertEchoes(peer, "served while a pool task blocks");
            assertFalse(slow.value.isDone(), "the slow task still running");
        }
        release.countDown();
        assertEquals("synced", slow.value.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @Tag("threads")
    default void stopDropsQueuedTasksWaitsForRunningOnesAndThenRefuses() throws Exception {
        reactor().configureThreadPool(1, 4);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Outcome<String> running = call(() -> new Outcome<>(this, reactor().deferToThread(() -> {
            worker.set(Thread.currentThread());
            started.countDown();
            hold(release);
            return "finished";
        })));
        Outcome<String> queued = call(() -> new Outcome<>(this, reactor().deferToThread(() -> {
            violation("a queued task ran after stop");
            return "ran";
        })));
        assertTrue(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the first task started");
        reactor().stop();
        assertInstanceOf(RejectedExecutionException.class, queued.failure(), "a task queued at stop");
        assertTrue(queued.onReactor, "the queued task's failure arrived on the reactor thread");
        assertThrows(RejectedExecutionException.class, () -> reactor().callInThread(() -> { }),
                "submitting while the reactor stops");
        release.countDown();
        assertEquals("finished", running.value.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the running task's result, delivered during shutdown");
        awaitRunReturned();
        worker.get().join(WAIT.toMillis());
        assertFalse(worker.get().isAlive(), "the pool thread ended with the reactor");
        assertThrows(RejectedExecutionException.class, () -> reactor().deferToThread(() -> 1),
                "submitting after the reactor stopped");
    }

    @Test
    @Tag("threads")
    default void configureThreadPoolRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> reactor().configureThreadPool(0, 1));
        assertThrows(IllegalArgumentException.class, () -> reactor().configureThreadPool(1, -1));
        assertThrows(NullPointerException.class, () -> reactor().callInThread(null));
    }
}
