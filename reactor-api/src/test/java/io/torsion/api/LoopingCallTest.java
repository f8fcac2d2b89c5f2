package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> LoopingCall.start(clock, Duration.ZERO, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> LoopingCall.start(clock, ms(-1), () -> { }));
    }
}
