package io.torsion.spi;

import io.torsion.api.DelayedCall;
import java.time.Duration;
import java.util.Arrays;
import io.torsion.api.UncaughtErrorHandler;
import java.util.function.LongSupplier;

/**
 * The timers of one reactor (or one {@link io.torsion.api.testing.ManualClock}): a binary min-heap
 * ordered by deadline, then by scheduling order, so timers due together run first-in first-out.
 *
 * <p>Each timer knows its slot in the heap, so cancel and reset are O(log n) and a cancelled timer
 * leaves nothing behind. Not thread-safe: one thread owns a heap.
 */
public final class TimerHeap {

    private final LongSupplier clock;
    private final UncaughtErrorHandler errors;
    private Timer[] heap = new Timer[64];
    private int size;
    private long sequence;

    /** A heap whose "now" is {@code clock} in nanoseconds; a task that throws is reported to the standard handler. */
    public TimerHeap(LongSupplier clock) {
        this(clock, UncaughtErrorHandler.standard());
    }

    /** A heap whose "now" is {@code clock} in nanoseconds; a task that throws is reported to {@code errors}. */
    public TimerHeap(LongSupplier clock, UncaughtErrorHandler errors) {
        this.clock = clock;
        this.errors = errors;
    }

    /** Schedules {@code task} to run {@code delay} from now. */
    public DelayedCall schedule(Duration delay, Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        Timer timer = new Timer(task);
        timer.deadline = deadlineAfter(delay);
        timer.seq = sequence++;
        insert(timer);
        return timer;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when there are no timers. */
    public long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    /** How many timers are waiting. */
    public int size() {
        return size;
    }

    /**
     * Runs, in order, every timer due at or before {@code now}. Timers scheduled by a running task
     * for {@code now} or earlier run in this call too, after those already due. Returns how many ran.
     */
    public int runDue(long now) {
        int ran = 0;
        while (size > 0 && heap[0].deadline - now <= 0) {
            Timer timer = heap[0];
            removeAt(0);
            timer.state = Timer.RAN;
            ran++;
            try {
                timer.task.run();
            } catch (RuntimeException | Error e) {
                // The same policy as for protocol callbacks: a StackOverflowError or an
                // OutOfMemoryError from one task is that task's failure, not the loop's.
                if (Callbacks.isFatal(e)) {
                    throw e;
                }
                errors.uncaughtError("timer task " + timer.task + " threw", e);
            }
        }
        return ran;
    }

    /** Cancels every timer; used when a reactor shuts down. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].state = Timer.CANCELLED;
            heap[i].index = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private long deadlineAfter(Duration delay) {
        long nanos;
        try {
            nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException tooFar) {
            nanos = Long.MAX_VALUE / 4;
        }
        return clock.getAsLong() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    private void insert(Timer timer) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = timer;
        timer.index = size;
        size++;
        siftUp(size - 1);
    }

    private void removeAt(int index) {
        Timer removed = heap[index];
        size--;
        if (index != size) {
            heap[index] = heap[size];
            heap[index].index = index;
            heap[size] = null;
            siftDown(index);
            siftUp(index);
        } else {
            heap[size] = null;
        }
        removed.index = -1;
    }

    private static boolean before(Timer a, Timer b) {
        long diff = a.deadline - b.deadline;
        return diff < 0 || (diff == 0 && a.seq < b.seq);
    }

    private void siftUp(int i) {
        Timer timer = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(timer, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].index = i;
            i = parent;
        }
        heap[i] = timer;
        timer.index = i;
    }

    private void siftDown(int i) {
        Timer timer = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], timer)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = timer;
        timer.index = i;
    }

    /** One scheduled task; its handle is the {@link DelayedCall} users hold. */
    private final class Timer implements DelayedCall {
        static final int PENDING = 0;
        static final int RAN = 1;
        static final int CANCELLED = 2;

        final Runnable task;
        long deadline;
        long seq;
        int index = -1;
        int state = PENDING;

        Timer(Runnable task) {
            this.task = task;
        }

        @Override
        public boolean cancel() {
            if (state != PENDING) {
                return false;
            }
            state = CANCELLED;
            if (index >= 0) {
                removeAt(index);
            }
            return true;
        }

        @Override
        public boolean reset(Duration delay) {
            if (state != PENDING) {
                return false;
            }
            if (index >= 0) {
                removeAt(index);
            }
            deadline = deadlineAfter(delay);
            seq = sequence++;
            insert(this);
            return true;
        }

        @Override
        public boolean isActive() {
            return state == PENDING;
        }

        @Override
        public long deadlineNanos() {
            return deadline;
        }

        @Override
        public String toString() {
            return "DelayedCall[" + task + (isActive() ? ", due " + deadline : state == RAN ? ", ran" : ", cancelled") + "]";
        }
    }
}
