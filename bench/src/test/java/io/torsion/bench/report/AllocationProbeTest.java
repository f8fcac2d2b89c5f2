package io.torsion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AllocationProbeTest {

    private static AllocationProbe.Sample at(long millis, long bytes) {
        return new AllocationProbe.Sample(millis, bytes, "main");
    }

    @Test
    void bytesPerMessageComeFromTheSamplesInsideTheMeasuredWindow() {
        // 1,000 msg/s; inside the window the counter grows by 2,000 bytes over 2 s: 1 byte per message.
        List<AllocationProbe.Sample> samples = List.of(at(500, 0), at(1_000, 10_000), at(2_000, 11_000),
                at(3_000, 12_000), at(3_500, 99_000));
        assertEquals("alloc_bytes_per_msg=1.000 alloc_thread=main alloc_window_s=2.00",
                AllocationProbe.perMessage(samples, 1_000, 3_000, 1_000));
    }

    @Test
    void fewerThanTwoSamplesInTheWindowGiveNoFigure() {
        assertNull(AllocationProbe.perMessage(List.of(at(500, 0), at(1_500, 10)), 1_000, 3_000, 1_000));
    }
}
