package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerHeapTest {

    private long now;
    private final TimerHeap heap = new TimerHeap(() -> now);
    private final List<String> ran = new ArrayList<>();

    @Test
    void timersRunInDeadlineOrderAndSameDeadlineInSchedulingOrder() {
        heap.schedule(Duration.ofMillis(30), () -> ran.add("c"));
        heap.schedule(Duration.ofMillis(10), () -> ran.add("a1"));
        heap.schedule(Duration.ofMillis(20), () -> ran.add("b"));
        heap.schedule(Duration.ofMillis(10), () -> ran.add("a2"));
        now = Duration.ofMillis(25).toNanos();
        assertEquals(3, heap.runDue(now));
        assertEquals(List.of("a1", "a2", "b"), ran);
        assertEquals(Duration.ofMillis(30).toNanos(), heap.nextDeadline());
    }

    @Test
    void cancelledTimerNeverRunsAndLeavesNothingBehind() {
        DelayedCall call = heap.schedule(Duration.ofMillis(5), () -> ran.add("x"));
        call.cancel();
        call.cancel();
        assertFalse(call.isActive());
        assertEquals(0, heap.size());
        now = Duration.ofSeconds(1).toNanos();
        heap.runDue(now);
        assertTrue(ran.isEmpty());
    }

    @Test
    void resetMovesTheDeadlineAndIsRefusedAfterRunning() {
        DelayedCall call = heap.schedule(Duration.ofMillis(5), () -> ran.add("x"));
        assertTrue(call.reset(Duration.ofMillis(50)));
        now = Duration.ofMillis(10).toNanos();
        heap.runDue(now);
        assertTrue(ran.isEmpty());
        now = Duration.ofMillis(60).toNanos();
        heap.runDue(now);
        assertEquals(List.of("x"), ran);
        assertFalse(call.reset(Duration.ofMillis(5)));
    }

    @Test
    void aThrowingTimerDoesNotStopTheOthers() {
        heap.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("boom");
        });
        heap.schedule(Duration.ZERO, () -> ran.add("after"));
        heap.runDue(now);
        assertEquals(List.of("after"), ran);
    }

    @Test
    void randomScheduleAndCancelKeepsHeapOrder() {
        Random random = new Random(42);
        List<DelayedCall> calls = new ArrayList<>();
        List<Long> fired = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long delay = random.nextInt(1000);
            calls.add(heap.schedule(Duration.ofNanos(delay), () -> fired.add(now)));
        }
        int cancelled = 0;
        for (int i = 0; i < calls.size(); i += 3) {
            calls.get(i).cancel();
            cancelled++;
        }
        long last = -1;
        int count = 0;
        while (heap.size() > 0) {
            long deadline = heap.nextDeadline();
            assertTrue(deadline >= last);
            last = deadline;
            now = deadline;
            count += heap.runDue(now);
        }
        assertEquals(5000 - cancelled, count);
    }

    @Test
    void anErrorFromATaskIsLoggedAndTheRestStillRun() {
        heap.schedule(Duration.ZERO, () -> {
            throw new StackOverflowError("on purpose");
        });
        heap.schedule(Duration.ZERO, () -> {
            throw new OutOfMemoryError("on purpose");
        });
        heap.schedule(Duration.ZERO, () -> ran.add("after"));
        assertEquals(3, heap.runDue(now));
        assertEquals(List.of("after"), ran);
    }

    @Test
    void anInternalErrorStillEndsTheRun() {
        heap.schedule(Duration.ZERO, () -> {
            throw new InternalError("on purpose");
        });
        assertThrows(InternalError.class, () -> heap.runDue(now));
    }
}
