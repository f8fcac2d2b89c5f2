package io.torsion.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ManualClockTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> ran = new ArrayList<>();

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void timeMovesOnlyWhenAdvanced() {
        assertEquals(0, clock.nanoTime());
        clock.advance(ms(1500));
        assertEquals(1_500_000_000L, clock.nanoTime());
        assertEquals(ms(1500), clock.elapsed());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(ms(-1)));
    }

    @Test
    void dueTimersRunInDeadlineOrderThenSchedulingOrder() {
        clock.callLater(ms(30), () -> ran.add("30"));
        clock.callLater(ms(10), () -> ran.add("10a"));
        clock.callLater(ms(20), () -> ran.add("20"));
        clock.callLater(ms(10), () -> ran.add("10b"));
        clock.callLater(ms(40), () -> ran.add("40"));
        assertEquals(4, clock.advance(ms(30)));
        assertEquals(List.of("10a", "10b", "20", "30"), ran);
        assertEquals(1, clock.pendingTimers());
    }

    @Test
    void timersScheduledByRunningTimersRunInTheSameAdvanceIfDue() {
        clock.callLater(ms(10), () -> {
            ran.add("outer at " + clock.nanoTime() / 1_000_000);
            clock.callLater(Duration.ZERO, () -> ran.add("now"));
            clock.callLater(ms(5), () -> ran.add("later"));
        });
        clock.advance(ms(12));
        assertEquals(List.of("outer at 12", "now"), ran, "a jump: the timer sees the time after the jump");
        clock.advance(ms(4));
        assertEquals(List.of("outer at 12", "now"), ran);
        clock.advance(ms(1));
        assertEquals(List.of("outer at 12", "now", "later"), ran);
    }

    @Test
    void pumpLetsTimersSeeEachStep() {
        List<Long> seen = new ArrayList<>();
        clock.callLater(ms(10), () -> seen.add(clock.nanoTime()));
        clock.callLater(ms(25), () -> seen.add(clock.nanoTime()));
        assertEquals(2, clock.pump(ms(10), ms(10), ms(10)));
        assertEquals(List.of(10_000_000L, 30_000_000L), seen);
    }

    @Test
    void cancelledTimersDoNotRunAndResetMovesThem() {
        DelayedCall cancelled = clock.callLater(ms(10), () -> ran.add("cancelled"));
        DelayedCall moved = clock.callLater(ms(10), () -> ran.add("moved"));
        cancelled.cancel();
        assertFalse(cancelled.isActive());
        assertTrue(moved.reset(ms(50)));
        assertEquals(50_000_000L, moved.deadlineNanos());
        clock.advance(ms(49));
        assertEquals(List.of(), ran);
        clock.advance(ms(1));
        assertEquals(List.of("moved"), ran);
        assertFalse(moved.isActive());
        assertFalse(moved.reset(ms(1)), "a timer that ran cannot be reset");
    }

    @Test
    void aThrowingTimerDoesNotStopTheOthers() {
        clock.callLater(ms(1), () -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        clock.callLater(ms(1), () -> ran.add("after"));
        assertEquals(2, clock.advance(ms(1)));
        assertEquals(List.of("after"), ran);
    }

    @Test
    void runDueRunsZeroDelayTimersWithoutMovingTime() {
        clock.advance(ms(5));
        clock.callLater(Duration.ZERO, () -> ran.add("zero"));
        assertEquals(Duration.ZERO, clock.untilNextTimer());
        assertEquals(1, clock.runDue());
        assertEquals(ms(5), clock.elapsed());
        assertNull(clock.untilNextTimer());
    }

    @Test
    void aTimerMayAdvanceTheClockItself() {
        clock.callLater(ms(10), () -> {
            ran.add("slow");
            clock.advance(ms(100));
        });
        clock.callLater(ms(50), () -> ran.add("50 at " + clock.nanoTime() / 1_000_000));
        clock.advance(ms(10));
        assertEquals(List.of("slow", "50 at 110"), ran);
    }

    @Test
    void deferLaterCompletesWithTheResultWhenDue() {
        CompletableFuture<String> stage = clock.deferLater(ms(10), () -> "done").toCompletableFuture();
        clock.advance(ms(9));
        assertFalse(stage.isDone());
        clock.advance(ms(1));
        assertEquals("done", stage.getNow(null));
    }

    @Test
    void deferLaterFailsWithWhatTheTaskThrew() {
        java.io.IOException thrown = new java.io.IOException("expected by the test");
        CompletableFuture<Object> stage = clock.deferLater(ms(1), () -> {
            throw thrown;
        }).toCompletableFuture();
        clock.advance(ms(1));
        assertSame(thrown, assertThrows(ExecutionException.class, stage::get).getCause());
    }

    @Test
    void cancellingTheDeferLaterStageCancelsTheCall() {
        CompletableFuture<String> stage = clock.deferLater(ms(10), () -> {
            ran.add("ran");
            return "x";
        }).toCompletableFuture();
        assertEquals(1, clock.pendingTimers());
        assertTrue(stage.cancel(false));
        assertEquals(0, clock.pendingTimers());
        clock.advance(ms(20));
        assertEquals(List.of(), ran);
    }

    @Test
    void cancelAndResetSayWhetherTheyDidAnything() {
        DelayedCall call = clock.callLater(ms(10), () -> ran.add("x"));
        assertTrue(call.reset(ms(20)), "reset of a pending call");
        assertTrue(call.cancel(), "first cancel");
        assertFalse(call.cancel(), "second cancel");
        assertFalse(call.reset(ms(5)), "reset after cancel");
        DelayedCall ranAlready = clock.callLater(ms(1), () -> ran.add("y"));
        clock.advance(ms(1));
        assertFalse(ranAlready.cancel(), "cancel after it ran");
        assertFalse(ranAlready.reset(ms(1)), "reset after it ran");
        assertEquals(List.of("y"), ran);
    }

    @Test
    void cancelFromInsideItsOwnTaskReturnsFalse() {
        DelayedCall[] self = new DelayedCall[1];
        boolean[] cancelled = {true};
        self[0] = clock.callLater(ms(1), () -> cancelled[0] = self[0].cancel());
        clock.advance(ms(1));
        assertFalse(cancelled[0], "a running call can no longer be cancelled");
    }
}
