package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torsion.api.IdleKind;
import io.torsion.api.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleTimeoutsTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> fired = new ArrayList<>();
    private final IdleTimeouts idle = new IdleTimeouts(clock,
            kind -> fired.add(kind + "@" + clock.elapsed().toMillis()));

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void onlyWritingStillTimesOutOnReadIdle() {
        idle.set(ms(100), null, ms(100));
        for (int i = 0; i < 6; i++) {
            clock.advance(ms(25));
            idle.wrote();
        }
        assertEquals(List.of("READ@100"), fired, "read-idle fires though the protocol keeps writing; all-idle does not");
    }

    @Test
    void onlyReadingTimesOutOnWriteIdle() {
        idle.set(null, ms(50), null);
        for (int i = 0; i < 3; i++) {
            clock.advance(ms(25));
            idle.read();
        }
        assertEquals(List.of("WRITE@50"), fired);
    }

    @Test
    void allIdleWaitsForBothDirections() {
        idle.set(null, null, ms(100));
        clock.advance(ms(60));
        idle.read();
        clock.advance(ms(60));
        idle.wrote();
        clock.advance(ms(99));
        assertEquals(List.of(), fired);
        clock.advance(ms(1));
        assertEquals(List.of("ALL@220"), fired);
    }

    @Test
    void aTimeoutThatFiredWatchesTheNextIntervalFromThen() {
        idle.set(ms(100), null, null);
        clock.advance(ms(100));
        clock.advance(ms(100));
        idle.read();
        clock.advance(ms(100));
        assertEquals(List.of("READ@100", "READ@200", "READ@300"), fired);
    }

    @Test
    void resetStartsEveryIntervalOver() {
        idle.set(ms(100), ms(100), ms(100));
        clock.advance(ms(90));
        idle.reset();
        clock.advance(ms(99));
        assertEquals(List.of(), fired);
        clock.advance(ms(1));
        assertEquals(List.of("READ@190", "WRITE@190", "ALL@190"), fired);
    }

    @Test
    void cancelFromInsideTheExpiryStopsEverything() {
        IdleTimeouts[] self = new IdleTimeouts[1];
        IdleTimeouts closing = new IdleTimeouts(clock, kind -> {
            fired.add("closed on " + kind);
            self[0].cancel();
        });
        self[0] = closing;
        closing.set(ms(10), ms(10), null);
        clock.advance(ms(10));
        clock.advance(ms(100));
        assertEquals(List.of("closed on READ"), fired);
        assertFalse(closing.isActive());
        assertEquals(0, clock.pendingTimers());
    }

    @Test
    void negativeIntervalsAreRefusedAndZeroIsOff() {
        assertThrows(IllegalArgumentException.class, () -> idle.set(ms(-1), null, null));
        idle.set(Duration.ZERO, null, null);
        assertFalse(idle.isActive());
    }
}
