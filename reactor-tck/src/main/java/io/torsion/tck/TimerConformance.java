package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.DelayedCall;
import io.torsion.api.LoopingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Timers and hand-offs from other threads. */
public interface TimerConformance extends Kit {

    /** Timers a test scheduled: the order they ran in, and how late each ran. */
    final class Ran {
        private final Kit kit;
        final List<String> order = new CopyOnWriteArrayList<>();
        final Map<String, Long> lateness = new ConcurrentHashMap<>();

        Ran(Kit kit) {
            this.kit = kit;
        }

        /** On the reactor thread: schedules a timer that records itself. */
        DelayedCall schedule(String name, long millis, long scheduledAt) {
            return kit.reactor().callLater(Duration.ofMillis(millis), () -> {
                if (!kit.onReactorThread()) {
                    kit.violation("timer " + name + " ran on " + Thread.currentThread().getName());
                }
                lateness.put(name, System.nanoTime() - scheduledAt - TimeUnit.MILLISECONDS.toNanos(millis));
                order.add(name);
            });
        }
    }

    @Test
    @Tag("timer")
    default void callLaterRunsByDeadlineAndFirstInFirstOutForEqualDelays() {
        Ran ran = new Ran(this);
        exec(() -> {
            long now = System.nanoTime();
            ran.schedule("a-60ms", 60, now);
            ran.schedule("b-10ms", 10, now);
            ran.schedule("c-40ms", 40, now);
            ran.schedule("d-25ms", 25, now);
            ran.schedule("e-25ms", 25, now);
            ran.schedule("f-25ms", 25, now);
            ran.schedule("g-0ms", 0, now);
            ran.schedule("h-0ms", 0, now);
        });
        await("all eight timers ran", () -> ran.order.size() == 8);
        assertEquals(List.of("g-0ms", "h-0ms", "b-10ms", "d-25ms", "e-25ms", "f-25ms", "c-40ms", "a-60ms"), ran.order);
        ran.lateness.forEach((name, late) -> assertTrue(late >= 0, name + " ran " + -late + " ns early"));
    }

    @Test
    @Tag("timer")
    default void cancelledCallDoesNotRun() {
        Ran ran = new Ran(this);
        DelayedCall cancelled = call(() -> {
            long now = System.nanoTime();
            DelayedCall call = ran.schedule("cancelled", 20, now);
            assertTrue(call.isActive(), "isActive() before cancel");
            call.cancel();
            call.cancel();
            assertFalse(call.isActive(), "isActive() after cancel");
            assertFalse(call.reset(Duration.ofMillis(5)), "reset() of a cancelled call");
            ran.schedule("sentinel", 80, now);
            return call;
        });
        await("sentinel ran", () -> ran.order.contains("sentinel"));
        assertEquals(List.of("sentinel"), ran.order);
        assertFalse(call(cancelled::isActive), "isActive() after the deadline passed");
    }

    @Test
    @Tag("timer")
    default void resetMovesTheDeadlineEitherWay() {
        Ran ran = new Ran(this);
        DelayedCall[] calls = call(() -> {
            long now = System.nanoTime();
            DelayedCall sooner = ran.schedule("sooner", TimeUnit.HOURS.toMillis(1), now);
            long before = sooner.deadlineNanos();
            assertTrue(sooner.reset(Duration.ofMillis(20)), "reset() of a pending call");
            assertTrue(sooner.deadlineNanos() < before, "deadlineNanos() after reset to sooner");
            DelayedCall later = ran.schedule("later", 10, now);
            long laterBefore = later.deadlineNanos();
            assertTrue(later.reset(Duration.ofMillis(150)), "reset() of a pending call");
            assertTrue(later.deadlineNanos() > laterBefore, "deadlineNanos() after reset to later");
            ran.schedule("sentinel-80ms", 80, now);
            return new DelayedCall[] {sooner, later};
        });
        await("all three timers ran", () -> ran.order.size() == 3);
        assertEquals(List.of("sooner", "sentinel-80ms", "later"), ran.order);
        exec(() -> {
            for (DelayedCall call : calls) {
                assertFalse(call.isActive(), "isActive() after it ran");
                assertFalse(call.reset(Duration.ofMillis(1)), "reset() after it ran");
                call.cancel();
            }
        });
    }

    @Test
    @Tag("timer")
    default void callFromThreadFromEightThreadsRunsEveryTaskOnTheReactorInOrderPerThread() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>(perThread));
        }
        AtomicInteger total = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = seen.get(t);
            submitters.add(spawn(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    reactor().callFromThread(() -> {
                        if (!onReactorThread()) {
                            violation("callFromThread task ran on " + Thread.currentThread().getName());
                        }
                        mine.add(n);
                        total.incrementAndGet();
                    });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<Void> submitter : submitters) {
            result(submitter, WAIT);
        }
        await("all " + threads * perThread + " tasks ran", () -> total.get() == threads * perThread);
        exec(() -> {
            for (int t = 0; t < threads; t++) {
                List<Integer> got = seen.get(t);
                assertEquals(perThread, got.size(), "tasks run from thread " + t);
                for (int i = 0; i < perThread; i++) {
                    assertEquals(i, got.get(i), "task order from thread " + t);
                }
            }
        });
    }

    @Test
    @Tag("timer")
    default void throwingTimerDoesNotStopTheReactor() {
        AtomicInteger after = new AtomicInteger();
        exec(() -> {
            reactor().callLater(Duration.ZERO, () -> {
                throw new IllegalStateException("thrown from a timer on purpose");
            });
            reactor().callLater(Duration.ofMillis(5), after::incrementAndGet);
        });
        await("a timer after the throwing one ran", () -> after.get() == 1);
        barrier();
    }

    /** The error policy is one: an Error from a timer is that timer's failure, as from a callback. */
    @Test
    @Tag("timer")
    default void timerThrowingAnErrorIsLoggedLikeACallbackAndTheLoopGoesOn() {
        AtomicInteger after = new AtomicInteger();
        exec(() -> {
            reactor().callLater(Duration.ZERO, () -> {
                throw new StackOverflowError("thrown from a timer on purpose");
            });
            reactor().callLater(Duration.ZERO, () -> {
                throw new OutOfMemoryError("thrown from a timer on purpose");
            });
            reactor().callLater(Duration.ofMillis(5), after::incrementAndGet);
        });
        await("a timer after the throwing ones ran", () -> after.get() == 1);
        assertTrue(reactor().isRunning(), "the reactor still runs");
        barrier();
    }

    @Test
    @Tag("timer")
    default void zeroIntervalLoopingCallRunsOncePerTurnAndLetsOtherWorkThrough() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger handedOverSeenAt = new AtomicInteger(-1);
        LoopingCall loop = call(() -> reactor().loopingCall(Duration.ZERO, runs::incrementAndGet));
        reactor().callFromThread(() -> handedOverSeenAt.set(runs.get()));
        await("a task handed over while the loop spins ran", () -> handedOverSeenAt.get() >= 0);
        await("the zero-interval loop ran many times", () -> runs.get() >= 100);
        exec(loop::stop);
        int stopped = call(runs::get);
        barrier();
        barrier();
        assertEquals(stopped, runs.get(), "runs after stop");
    }

    @Test
    @Tag("timer")
    default void deferLaterCompletesOnTheReactorThread() throws Exception {
        CompletableFuture<Boolean> onReactor = new CompletableFuture<>();
        exec(() -> reactor().deferLater(Duration.ofMillis(5), () -> onReactorThread())
                .whenComplete((ranOnReactor, failure) -> onReactor.complete(ranOnReactor && onReactorThread())));
        assertTrue(onReactor.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), "task and completion on the reactor thread");
    }
}
