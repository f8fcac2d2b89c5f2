package io.torsion.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * How close to the baseline each figure must come back once the load has stopped: every descriptor
 * given back; threads within two (the JVM starts and ends compiler and GC helpers as it likes); the
 * live heap within 2 MiB or 10 %; resident memory within {@code rssMinKiB} or {@code rssPercent}
 * (the heap is resident whole from the start, so this is what grew beside it: compiled code,
 * metaspace, native memory).
 */
record Margins(long rssMinKiB, int rssPercent) {

    /** What is not back, one sentence a figure; empty when everything is. */
    List<String> notBack(Figures baseline, Figures now) {
        List<String> off = new ArrayList<>();
        if (now.fds() > baseline.fds()) {
            off.add("open descriptors " + now.fds() + ", baseline " + baseline.fds());
        }
        if (now.threads() > baseline.threads() + 2) {
            off.add("threads " + now.threads() + ", baseline " + baseline.threads() + " (margin 2)");
        }
        long heapMargin = Math.max(2048, baseline.liveHeapKiB() / 10);
        if (now.liveHeapKiB() < 0 || baseline.liveHeapKiB() < 0) {
            off.add("live heap not read (jcmd failed)");
        } else if (now.liveHeapKiB() > baseline.liveHeapKiB() + heapMargin) {
            off.add("live heap " + now.liveHeapKiB() + " KiB, baseline " + baseline.liveHeapKiB() + " KiB (margin "
                    + heapMargin + " KiB)");
        }
        long rssMargin = Math.max(rssMinKiB, baseline.rssKiB() * rssPercent / 100);
        if (now.rssKiB() > baseline.rssKiB() + rssMargin) {
            off.add("RSS " + now.rssKiB() + " KiB, baseline " + baseline.rssKiB() + " KiB (margin " + rssMargin + " KiB)");
        }
        return off;
    }
}
