package io.torsion.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's readings of a process and its verdict on them, on figures made up for the purpose. */
class FiguresTest {

    private static final Figures BASELINE = new Figures(0, 14, 24, 200 * 1024, 6000);
    private static final Margins MARGINS = new Margins(16 * 1024, 10);

    @Test
    void figuresWithinTheMarginsAreBack() {
        assertEquals(List.of(), MARGINS.notBack(BASELINE, new Figures(1, 14, 26, 215 * 1024, 7000)));
    }

    @Test
    void oneMoreDescriptorIsNotBack() {
        List<String> off = MARGINS.notBack(BASELINE, new Figures(1, 15, 24, 200 * 1024, 6000));
        assertEquals(List.of("open descriptors 15, baseline 14"), off);
    }

    @Test
    void everyFigureOutsideItsMarginIsNamed() {
        List<String> off = MARGINS.notBack(BASELINE, new Figures(1, 14, 27, 240 * 1024, 9000));
        assertEquals(3, off.size(), off.toString());
        assertTrue(off.get(0).startsWith("threads 27"), off.toString());
        assertTrue(off.get(1).startsWith("live heap 9000 KiB"), off.toString());
        assertTrue(off.get(2).startsWith("RSS 245760 KiB"), off.toString());
    }

    @Test
    void anUnreadHeapIsNotBack() {
        List<String> off = MARGINS.notBack(BASELINE, new Figures(1, 14, 24, 200 * 1024, -1));
        assertEquals(List.of("live heap not read (jcmd failed)"), off);
    }

    @Test
    void descriptorsBeyondTheBaselineAreCountedByKind() {
        Map<String, Integer> before = Map.of("socket", 3, "anon_inode:[eventpoll]", 1, "/tmp/a.log", 1);
        Map<String, Integer> now = Map.of("socket", 5, "anon_inode:[eventpoll]", 1, "pipe", 1);
        assertEquals("pipe +1, socket +2", Figures.beyond(before, new java.util.TreeMap<>(now)));
    }

    @Test
    void nativeMemoryThatGrewIsReadFromTheSummaryDiff() {
        String diff = String.join("\n",
                "-                 Java Heap (reserved=131072KB, committed=131072KB)",
                "-                      Code (reserved=248685KB +413KB, committed=14677KB +3189KB)",
                "-                     Other (reserved=541KB +64KB, committed=541KB +64KB)",
                "-               Arena Chunk (reserved=176KB -95KB, committed=176KB -95KB)",
                "-    Native Memory Tracking (reserved=1408KB +93KB, committed=1408KB +93KB)");
        assertEquals("Code +3189KB, Other +64KB, Native Memory Tracking +93KB", Figures.nativeGrowth(diff));
        assertEquals("", Figures.nativeGrowth(null));
    }

    @Test
    void durationsTakeSecondsMinutesHoursAndIso() {
        Soak.Durations d = new Soak.Durations();
        assertEquals(java.time.Duration.ofSeconds(90), d.convert("90s"));
        assertEquals(java.time.Duration.ofMinutes(10), d.convert("10m"));
        assertEquals(java.time.Duration.ofHours(1), d.convert("1h"));
        assertEquals(java.time.Duration.ofSeconds(30), d.convert("PT30S"));
    }
}
