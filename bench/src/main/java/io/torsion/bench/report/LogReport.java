package io.torsion.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Writes the log scenario's section of RESULTS.md: acknowledged lines per second, server CPU per
 * line and sync calls per line for each logging server, client count and sync mode, and the issue's
 * targets. The section sits between two markers and is replaced in place, so a run of the log
 * scenario alone leaves the rest of RESULTS.md as the last full run wrote it.
 *
 * <p>Usage: {@code LogReport LOG_TSV MACHINE_TSV RESULTS_MD}.
 */
public final class LogReport {

    static final String BEGIN = "<!-- log scenario: written by bench/run (LogReport); replaced by the next run of it -->";
    static final String END = "<!-- end of log scenario -->";
    private static final String TARGET_BACKEND = "torsion-epoll-et";
    private static final String TWISTED = "twisted";

    private final List<RunRecord> runs;
    private final Map<String, String> notes;
    private final Map<String, String> machine;
    private final StringBuilder md = new StringBuilder();

    LogReport(List<RunRecord> runs, Map<String, String> notes, Map<String, String> machine) {
        this.runs = runs;
        this.notes = notes;
        this.machine = machine;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: LogReport LOG_TSV MACHINE_TSV RESULTS_MD");
            System.exit(2);
        }
        Path tsv = Path.of(args[0]);
        Map<String, String> notes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] fields = line.split("\t", 3);
            if (fields.length == 3 && fields[0].equals("#")) {
                notes.put(fields[1], fields[2]);
            }
        }
        String section = new LogReport(ResultsFile.read(tsv), notes, ResultsReport.keyValues(Path.of(args[1]))).write();
        Path results = Path.of(args[2]);
        String old = Files.isRegularFile(results) ? Files.readString(results, StandardCharsets.UTF_8) : "";
        Files.writeString(results, splice(old, section), StandardCharsets.UTF_8);
    }

    /** {@code document} with its log section replaced by {@code section}, or {@code section} appended. */
    static String splice(String document, String section) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin >= 0 && end > begin) {
            return document.substring(0, begin) + section + document.substring(end + END.length());
        }
        String sep = document.isEmpty() || document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n";
        return document + sep + section + "\n";
    }

    String write() {
        md.append(BEGIN).append("\n## Log server: acknowledged lines (scenario `log`)\n\n");
        intro();
        table();
        targets();
        md.append(END);
        return md.toString();
    }

    private void intro() {
        md.append("Run on ").append(machine.getOrDefault("date", "?")).append(", ")
                .append(machine.getOrDefault("cores (nproc)", "?")).append(" cores, torsion commit ")
                .append(machine.getOrDefault("torsion commit", "?")).append("; ")
                .append(notes.getOrDefault("runs", "?")).append(", servers interleaved. One-minute load average ")
                .append(notes.getOrDefault("load average at start of the log scenario", "?")).append(" at the start and ")
                .append(notes.getOrDefault("load average at end of the log scenario", "?")).append(" at the end");
        if (busy()) {
            md.append(": **the machine was busy with other work** (other builds were running), so absolute figures "
                    + "are noisy and the servers were compared under the same conditions only round by round");
        }
        md.append(". Log files on ").append(notes.getOrDefault("log files on", "?")).append(".\n\n");
        md.append("Each client sends a 64 B line (`\\r\\n` included) and waits for its `OK` before sending the next. "
                + "Figures are medians of the rounds (min–max). Server CPU per line is the server process's CPU time "
                + "(every thread: loop, disk thread, JIT, GC) over the measured window divided by the lines "
                + "acknowledged in it. Sync calls per line (`fsync` + `fdatasync`) come from a separate 2 s run "
                + "under `strace -f -c`, which slows the server, so no rate is taken from it. `twisted` is the "
                + "tutorial's Twisted log server (`bench/src/main/python/twisted_log_server.py`: `LineReceiver`, "
                + "write and flush per line), which has no `--fsync`.\n\n");
    }

    private boolean busy() {
        int cores = parseInt(machine.get("cores (nproc)"));
        for (String key : List.of("load average at start of the log scenario", "load average at end of the log scenario")) {
            String value = notes.get(key);
            if (value != null && cores > 0) {
                try {
                    if (Double.parseDouble(value.trim().split("\\s+")[0]) > cores + 1) {
                        return true;
                    }
                } catch (NumberFormatException ignored) {
                    // not a load average
                }
            }
        }
        return false;
    }

    private void table() {
        md.append("| clients | `--fsync` | server | acknowledged lines/s | server CPU µs/line | p99 ms | sync calls/line |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|\n");
        for (int clients : clientCounts()) {
            for (String sync : List.of("none", "fsync")) {
                for (String server : servers()) {
                    List<RunRecord> rounds = rounds(server, clients, sync);
                    if (rounds.isEmpty()) {
                        continue;
                    }
                    md.append("| ").append(clients).append(" | ").append(sync.equals("fsync") ? "yes" : "no").append(" | ")
                            .append(server).append(" | ");
                    if (rounds.stream().noneMatch(r -> r.status() == RunRecord.Status.OK)) {
                        md.append(Format.cell(rounds.get(0).status().name().toLowerCase(Locale.ROOT) + ": "
                                + rounds.get(0).reason())).append(" | | | |\n");
                        continue;
                    }
                    md.append(Format.spread(spread(rounds, "lines_per_s"))).append(" | ")
                            .append(Format.spread(spread(rounds, "server_cpu_us_per_line"))).append(" | ")
                            .append(Format.spread(spread(rounds, "p99_us").map(LogReport::millis))).append(" | ")
                            .append(syncCallsPerLine(server, clients, sync).stream()
                                    .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).findFirst().orElse("–"))
                            .append(" |\n");
                }
            }
        }
        md.append("\n");
    }

    private void targets() {
        md.append("### Targets (issue 16), for ").append(TARGET_BACKEND).append("\n\n");
        OptionalDouble one = median(TARGET_BACKEND, 1, "fsync", "lines_per_s");
        OptionalDouble twenty = median(TARGET_BACKEND, 20, "fsync", "lines_per_s");
        md.append("- with `--fsync`, 20 clients ≥ 10× one client's acknowledged lines/s: ");
        if (one.isPresent() && twenty.isPresent()) {
            verdict(twenty.getAsDouble() / one.getAsDouble() >= 10, Format.ratio(twenty.getAsDouble() / one.getAsDouble())
                    + " (" + Format.number(twenty.getAsDouble()) + " against " + Format.number(one.getAsDouble()) + ")");
        } else {
            md.append("**not measured**\n");
        }
        md.append("- with `--fsync`, fewer than 0.2 sync calls per line at 20 clients: ");
        OptionalDouble calls = syncCallsPerLine(TARGET_BACKEND, 20, "fsync");
        if (calls.isPresent()) {
            verdict(calls.getAsDouble() < 0.2, String.format(Locale.ROOT, "%.3f", calls.getAsDouble()));
        } else {
            md.append("**not measured** (no strace run)\n");
        }
        for (int clients : clientCounts()) {
            md.append("- without `--fsync`, ").append(clients).append(clients == 1 ? " client" : " clients")
                    .append(": server CPU per line ≤ 0.5× Twisted's: ");
            OptionalDouble ours = median(TARGET_BACKEND, clients, "none", "server_cpu_us_per_line");
            OptionalDouble theirs = median(TWISTED, clients, "none", "server_cpu_us_per_line");
            if (ours.isPresent() && theirs.isPresent()) {
                double ratio = ours.getAsDouble() / theirs.getAsDouble();
                verdict(ratio <= 0.5, Format.ratio(ratio) + " (" + Format.number(ours.getAsDouble()) + " µs against "
                        + Format.number(theirs.getAsDouble()) + " µs)");
            } else {
                md.append("**not measured**\n");
            }
        }
        md.append("\n");
    }

    private void verdict(boolean met, String figures) {
        md.append(met ? "met, " : "**missed**, ").append(figures).append("\n");
    }

    private List<Integer> clientCounts() {
        Set<Integer> counts = new java.util.TreeSet<>();
        runs.stream().filter(r -> r.scenario().equals("log")).forEach(r -> counts.add(conns(r)));
        counts.remove(-1);
        return new ArrayList<>(counts);
    }

    private Set<String> servers() {
        Set<String> servers = new LinkedHashSet<>();
        runs.stream().filter(r -> r.scenario().equals("log")).forEach(r -> servers.add(r.server()));
        return servers;
    }

    private List<RunRecord> rounds(String server, int clients, String sync) {
        return runs.stream().filter(r -> r.scenario().equals("log") && r.server().equals(server)
                && conns(r) == clients && sync.equals(sync(r))).toList();
    }

    private Optional<Spread> spread(List<RunRecord> rounds, String key) {
        List<Double> values = new ArrayList<>();
        rounds.forEach(r -> r.number(key).ifPresent(values::add));
        return Spread.of(values);
    }

    private OptionalDouble median(String server, int clients, String sync, String key) {
        return spread(rounds(server, clients, sync), key).map(s -> OptionalDouble.of(s.median())).orElse(OptionalDouble.empty());
    }

    private OptionalDouble syncCallsPerLine(String server, int clients, String sync) {
        return runs.stream().filter(r -> r.scenario().equals("log-strace") && r.server().equals(server)
                        && conns(r) == clients && sync.equals(sync(r)) && r.status() == RunRecord.Status.OK)
                .flatMapToDouble(r -> {
                    OptionalDouble lines = r.number("lines");
                    OptionalDouble calls = r.number("sync_calls");
                    return lines.isPresent() && calls.isPresent() && lines.getAsDouble() > 0
                            ? java.util.stream.DoubleStream.of(calls.getAsDouble() / lines.getAsDouble())
                            : java.util.stream.DoubleStream.empty();
                })
                .findFirst();
    }

    /** A run's client count: from its figures, or from the reason text of a run that has none. */
    private static int conns(RunRecord run) {
        String raw = run.values().getOrDefault("conns", ResultsFile.keyValues(run.reason()).get("conns"));
        return raw == null ? -1 : parseInt(raw);
    }

    private static String sync(RunRecord run) {
        return run.values().getOrDefault("sync", ResultsFile.keyValues(run.reason()).get("sync"));
    }

    private static Spread millis(Spread micros) {
        return new Spread(micros.median() / 1000, micros.min() / 1000, micros.max() / 1000, micros.count());
    }

    private static int parseInt(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text.trim());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}
