package io.torsion.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Bytes allocated per echoed message on a server's event-loop thread, from a JFR recording of the
 * thread's allocation counter ({@code jdk.ThreadAllocationStatistics}, exact, sampled every 500 ms)
 * over the load client's measured window.
 *
 * <p>Usage: {@code AllocationProbe RECORDING.jfr THREAD_NAME_PREFIX START_MS END_MS MSG_PER_S}; prints
 * {@code alloc_bytes_per_msg=... alloc_thread=... alloc_window_s=...} for the runner to append to
 * the run's figures, or nothing (exit 1) when the recording has too few samples of that thread.
 */
public final class AllocationProbe {

    /** One reading of a thread's allocation counter. */
    record Sample(long epochMillis, long allocatedBytes, String thread) {
    }

    private AllocationProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: AllocationProbe RECORDING.jfr THREAD_NAME_PREFIX START_MS END_MS MSG_PER_S");
            System.exit(2);
        }
        List<Sample> samples = read(Path.of(args[0]), args[1]);
        String line = perMessage(samples, Double.parseDouble(args[2]), Double.parseDouble(args[3]),
                Double.parseDouble(args[4]));
        if (line == null) {
            System.err.println("too few allocation samples of a thread named " + args[1] + "* in " + args[0]);
            System.exit(1);
        }
        System.out.println(line);
    }

    static List<Sample> read(Path recording, String threadPrefix) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ThreadAllocationStatistics")) {
                continue;
            }
            RecordedThread thread = event.getThread("thread");
            String name = thread == null ? null : thread.getJavaName();
            if (name != null && name.startsWith(threadPrefix)) {
                samples.add(new Sample(event.getStartTime().toEpochMilli(), event.getLong("allocated"), name));
            }
        }
        samples.sort(Comparator.comparingLong(Sample::epochMillis));
        return samples;
    }

    /**
     * The allocation rate between the first sample inside the window and the last one, divided by
     * the message rate; null when fewer than two samples fall inside the window.
     */
    static String perMessage(List<Sample> samples, double startMs, double endMs, double messagesPerSecond) {
        List<Sample> inside = samples.stream()
                .filter(s -> s.epochMillis() >= startMs && s.epochMillis() <= endMs).toList();
        if (inside.size() < 2 || messagesPerSecond <= 0) {
            return null;
        }
        Sample first = inside.get(0);
        Sample last = inside.get(inside.size() - 1);
        double seconds = (last.epochMillis() - first.epochMillis()) / 1000.0;
        if (seconds <= 0) {
            return null;
        }
        double bytesPerMessage = (last.allocatedBytes() - first.allocatedBytes()) / (messagesPerSecond * seconds);
        return String.format(Locale.ROOT, "alloc_bytes_per_msg=%.3f alloc_thread=%s alloc_window_s=%.2f",
                bytesPerMessage, first.thread().replace(' ', '_'), seconds);
    }
}
