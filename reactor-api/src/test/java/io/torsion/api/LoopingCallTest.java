package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoopingCallTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private final List<Long> runTimesMillis = new ArrayList<>();

    private Runnable recordTime() {
        return () -> runTimesMillis.add(clock.nanoTime() / 1_000_000);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void firstRunComesOneIntervalAfterStart() {
        clock.advance(ms(300));
        LoopingCall call = LoopingCall.start(clock, SECOND, recordTime());
        clock.advance(ms(999));
        assertEquals(List.of(), runTimesMillis);
        clock.advance(ms(1));
        clock.advance(SECOND);
        assertEquals(List.of(1300L, 2300L), runTimesMillis);
        assertEquals(2, call.runs());
        assertTrue(call.isRunning());
    }

    @Test
    void lateRunDoesNotMakeTheLoopDrift() {
        LoopingCall.start(clock, SECOND, recordTime());
        clock.advance(ms(1500));
        clock.advance(ms(499));
        assertEquals(List.of(1500L), runTimesMillis, "next run is due at 2000, not 2500");
        clock.advance(ms(1));
        assertEquals(List.of(1500L, 2000L), runTimesMillis);
    }

    @Test
    void slowTaskDoesNotMakeTheLoopDrift() {
        LoopingCall.start(clock, SECOND, () -> {
            recordTime().run();
            clock.advance(ms(300)); // the task itself takes 300 ms
        });
        clock.advance(SECOND);
        assertEquals(1300, clock.elapsed().toMillis());
        clock.advance(ms(700));
        clock.advance(ms(700));
        assertEquals(List.of(1000L, 2000L, 3000L), runTimesMillis, "each run due on the grid, not 1300 ms after the last");
    }

    @Test
    void runsMissedWhileFarBehindAreSkipped() {
        LoopingCall call = LoopingCall.start(clock, SECOND, recordTime());
        clock.advance(ms(10_500));
        assertEquals(List.of(10_500L), runTimesMillis, "one run, not ten back to back");
        clock.advance(ms(500));
        assertEquals(List.of(10_500L, 11_000L), runTimesMillis, "back on the original grid");
        assertEquals(2, call.runs());
    }

    @Test
    void stopPreventsFurtherRuns() {
        LoopingCall call = LoopingCall.start(clock, SECOND, recordTime());
        clock.advance(SECOND);
        call.stop();
        call.stop();
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(1000L), runTimesMillis);
        assertFalse(call.isRunning());
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void stopFromInsideTheTaskEndsTheLoop() {
        LoopingCall[] call = new LoopingCall[1];
        call[0] = LoopingCall.start(clock, SECOND, () -> {
            recordTime().run();
            if (runTimesMillis.size() == 2) {
                call[0].stop();
            }
        });
        clock.pump(SECOND, SECOND, SECOND, SECOND);
        assertEquals(List.of(1000L, 2000L), runTimesMillis);
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void exceptionStopsTheLoop() {
        LoopingCall call = LoopingCall.start(clock, SECOND, () -> {
            recordTime().run();
            if (runTimesMillis.size() == 2) {
                throw new IllegalStateException("task failed (expected by the test)");
            }
        });
        clock.pump(SECOND, SECOND, SECOND, SECOND);
        assertEquals(List.of(1000L, 2000L), runTimesMillis);
        assertFalse(call.isRunning());
        assertEquals(2, call.runs());
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void reactorLoopingCallRunsOnTheReactorsClock() {
        Reactor reactor = new ClockReactor(clock);
        LoopingCall call = reactor.loopingCall(ms(250), recordTime());
        clock.pump(ms(250), ms(250));
        assertEquals(List.of(250L, 500L), runTimesMillis);
        call.stop();
    }

    @Test
    void intervalMustNotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> LoopingCall.start(clock, ms(-1), () -> { }));
    }

    @Test
    void firstRunNowRunsInsideStartAndKeepsTheGrid() {
        clock.advance(ms(300));
        LoopingCall call = LoopingCall.start(clock, SECOND, LoopingCall.FirstRun.NOW, recordTime());
        assertEquals(List.of(300L), runTimesMillis, "ran inside start");
        clock.pump(SECOND, SECOND);
        assertEquals(List.of(300L, 1300L, 2300L), runTimesMillis);
        assertEquals(3, call.runs());
    }

    @Test
    void zeroIntervalRunsOncePerTurnOfTheScheduler() {
        LoopingCall call = LoopingCall.start(clock, Duration.ZERO, recordTime());
        assertEquals(0, clock.runDue(), "not within the turn that started it");
        clock.advance(ms(1));
        clock.advance(ms(1));
        clock.advance(ms(5));
        assertEquals(List.of(1L, 2L, 7L), runTimesMillis, "one run per advance, never back to back");
        call.stop();
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void withCountTellsHowManyIntervalsPassed() {
        List<Long> counts = new ArrayList<>();
        LoopingCall.withCount(clock, SECOND, LoopingCall.FirstRun.NOW, counts::add);
        clock.advance(SECOND);
        clock.advance(ms(3500));
        clock.advance(ms(500));
        clock.advance(SECOND);
        assertEquals(List.of(1L, 1L, 3L, 1L, 1L), counts, "now, on time, two skipped, on time, on time");
    }

    @Test
    void withCountOnAZeroIntervalCountsOne() {
        List<Long> counts = new ArrayList<>();
        LoopingCall.withCount(clock, Duration.ZERO, LoopingCall.FirstRun.AFTER_INTERVAL, counts::add);
        clock.pump(ms(1), ms(10), ms(100));
        assertEquals(List.of(1L, 1L, 1L), counts);
    }

    @Test
    void resetStartsTheTimingOverFromNow() {
        LoopingCall call = LoopingCall.start(clock, SECOND, recordTime());
        clock.advance(ms(700));
        call.reset();
        clock.advance(ms(999));
        assertEquals(List.of(), runTimesMillis, "the run due at 1000 was dropped");
        clock.advance(ms(1));
        clock.advance(SECOND);
        assertEquals(List.of(1700L, 2700L), runTimesMillis);
        assertEquals(1, clock.pendingTimers());
        call.stop();
        assertThrows(IllegalStateException.class, call::reset);
    }

    @Test
    void resetFromInsideTheTaskLeavesOneRunPending() {
        LoopingCall[] call = new LoopingCall[1];
        call[0] = LoopingCall.start(clock, SECOND, () -> {
            recordTime().run();
            clock.advance(ms(200));
            call[0].reset();
        });
        clock.advance(SECOND);
        assertEquals(1, clock.pendingTimers());
        clock.advance(ms(999));
        assertEquals(List.of(1000L), runTimesMillis);
        clock.advance(ms(1));
        assertEquals(List.of(1000L, 2200L), runTimesMillis);
    }

    @Test
    void whenDoneCompletesOnStop() {
        LoopingCall call = LoopingCall.start(clock, SECOND, recordTime());
        CompletableFuture<LoopingCall> done = call.whenDone().toCompletableFuture();
        clock.advance(SECOND);
        assertFalse(done.isDone());
        call.stop();
        assertSame(call, done.getNow(null));
    }

    @Test
    void whenDoneFailsWithWhatTheTaskThrew() {
        IllegalStateException thrown = new IllegalStateException("task failed (expected by the test)");
        LoopingCall call = LoopingCall.start(clock, SECOND, () -> {
            throw thrown;
        });
        clock.advance(SECOND);
        CompletableFuture<LoopingCall> done = call.whenDone().toCompletableFuture();
        assertTrue(done.isCompletedExceptionally());
        ExecutionException failure = assertThrows(ExecutionException.class, done::get);
        assertSame(thrown, failure.getCause());
        assertFalse(call.isRunning());
    }

    @Test
    void firstRunNowThatThrowsThrowsOutOfStart() {
        assertThrows(IllegalStateException.class, () -> LoopingCall.start(clock, SECOND, LoopingCall.FirstRun.NOW,
                () -> {
                    throw new IllegalStateException("task failed (expected by the test)");
                }));
        assertEquals(0, clock.pendingTimers());
    }
}
