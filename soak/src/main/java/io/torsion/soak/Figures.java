package io.torsion.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a server process holds at one moment: open descriptors ({@code /proc/PID/fd}), threads and
 * resident memory ({@code /proc/PID/status}), and, when asked for, the bytes of live objects after a
 * full GC ({@code jcmd PID GC.class_histogram}, which collects first); -1 where it was not read.
 */
record Figures(long atMillis, int fds, int threads, long rssKiB, long liveHeapKiB) {

    /** Reads the cheap figures from /proc, and the live heap too when {@code withHeap}. */
    static Figures of(long pid, long atMillis, boolean withHeap) throws IOException, InterruptedException {
        int fds;
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) entries.count();
        }
        int threads = -1;
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).trim());
            } else if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        return new Figures(atMillis, fds, threads, rss, withHeap ? liveHeapKiB(pid) : -1);
    }

    /** The process's descriptors by what they are: {@code socket}, {@code pipe}, {@code anon_inode:[eventpoll]}, a path. */
    static Map<String, Integer> descriptorKinds(long pid) throws IOException {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    kinds.merge(target.replaceAll("^(socket|pipe):\\[\\d+\\]$", "$1"), 1, Integer::sum);
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the reading
                }
            }
        }
        return kinds;
    }

    /** What {@code now} holds beyond {@code before}, as {@code socket +1, pipe +2}. */
    static String beyond(Map<String, Integer> before, Map<String, Integer> now) {
        StringBuilder extra = new StringBuilder();
        now.forEach((kind, n) -> {
            int more = n - before.getOrDefault(kind, 0);
            if (more > 0) {
                extra.append(extra.length() == 0 ? "" : ", ").append(kind).append(" +").append(more);
            }
        });
        return extra.toString();
    }

    /** Runs {@code jcmd PID COMMAND...} and returns what it printed, or null when it failed. */
    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? out : null;
    }

    /**
     * The categories of native memory tracking whose committed size grew since the NMT baseline,
     * from {@code VM.native_memory summary.diff}: {@code Code +12345KB, Other +2048KB}.
     */
    static String nativeGrowth(String diff) {
        if (diff == null) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=\\d+KB(?: [+-]\\d+KB)?, committed=\\d+KB ([+-]\\d+KB)\\)")
                .matcher(diff);
        StringBuilder grown = new StringBuilder();
        while (m.find()) {
            if (m.group(2).startsWith("+")) {
                grown.append(grown.length() == 0 ? "" : ", ").append(m.group(1).trim()).append(' ').append(m.group(2));
            }
        }
        return grown.toString();
    }

    /**
     * Asks the JVM to give the C allocator's free memory back to the system
     * ({@code jcmd PID System.trim_native_heap}) and returns what it said it released, as
     * {@code RSS+Swap: 250M->221M (-29M)}; empty when it could not.
     */
    static String trimNativeHeap(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "System.trim_native_heap");
        if (out == null) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("RSS\\+Swap: \\S+ \\(\\S+\\)").matcher(out);
        return m.find() ? m.group() : "";
    }

    /** Live heap after a full GC, from the class histogram's total; -1 when jcmd could not tell. */
    static long liveHeapKiB(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        List<String> lines;
        try (var out = p.getInputStream()) {
            lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        for (String line : lines) {
            // "Total        123456       7890123"
            if (line.startsWith("Total")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[2]) / 1024;
            }
        }
        return -1;
    }

    /** The same moment with the heap figure of another reading (taken right after). */
    Figures withHeap(long kib) {
        return new Figures(atMillis, fds, threads, rssKiB, kib);
    }
}
