package io.torsion.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a thread allocates, from a JFR recording with {@code jdk.ObjectAllocationSample} stack
 * traces (recorded with {@code allocation-sites.jfc}): the sampled weight of each allocation site
 * (class allocated, the frames that allocated it, and the first torsion frame below them), as a
 * share of the thread's sampled total, and, given the thread's exact bytes per message, in bytes
 * per message. A site whose allocating frame is torsion's own code is marked {@code OURS}.
 *
 * <p>Usage: {@code AllocationSites RECORDING.jfr THREAD_NAME_PREFIX BYTES_PER_MESSAGE START_MS END_MS [FRAMES]}:
 * only samples inside the load client's measured window (epoch milliseconds) count.
 */
public final class AllocationSites {

    private AllocationSites() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: AllocationSites RECORDING.jfr THREAD_NAME_PREFIX BYTES_PER_MESSAGE START_MS END_MS [FRAMES]");
            System.exit(2);
        }
        long start = (long) Double.parseDouble(args[3]);
        long end = (long) Double.parseDouble(args[4]);
        int frames = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        Map<String, Long> weights = new HashMap<>();
        long total = 0;
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            long at = event.getStartTime().toEpochMilli();
            if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample") || at < start || at > end) {
                continue;
            }
            RecordedThread thread = event.getThread("eventThread");
            if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith(args[1])) {
                continue;
            }
            samples++;
            long weight = event.getLong("weight");
            total += weight;
            weights.merge(site(event, frames), weight, Long::sum);
        }
        double perMessage = Double.parseDouble(args[2]);
        System.out.printf(Locale.ROOT, "%d allocation samples of %s* in the window%n%n", samples, args[1]);
        System.out.printf(Locale.ROOT, "| bytes per message | share | site |%n|---|---|---|%n");
        long sampled = total;
        weights.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
            double share = sampled == 0 ? 0 : (double) e.getValue() / sampled;
            System.out.printf(Locale.ROOT, "| %.1f | %.1f %% | %s |%n", share * perMessage, 100 * share, e.getKey());
        });
    }

    /** The class allocated, its top frames, and the first torsion frame under them. */
    private static String site(RecordedEvent event, int frames) {
        StringBuilder s = new StringBuilder();
        String type = event.getClass("objectClass").getName();
        RecordedStackTrace stack = event.getStackTrace();
        List<RecordedFrame> trace = stack == null ? List.of() : stack.getFrames();
        boolean ours = !trace.isEmpty() && isTorsion(trace.get(0));
        s.append(ours ? "OURS " : "").append('`').append(type).append("` in ");
        int shown = 0;
        for (RecordedFrame frame : trace) {
            if (shown < frames) {
                s.append(shown == 0 ? "" : " ← ").append(name(frame));
                shown++;
            } else if (isTorsion(frame)) {
                s.append(" ← … ← ").append(name(frame));
                break;
            }
        }
        return s.toString();
    }

    private static boolean isTorsion(RecordedFrame frame) {
        return frame.getMethod().getType().getName().startsWith("io.torsion.");
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
    }
}
