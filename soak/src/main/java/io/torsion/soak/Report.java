package io.torsion.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** REPORT.md: the machine, a summary row per soak, then each soak's counters, failures and figures over time. */
final class Report {

    private Report() {
    }

    static void write(List<Result> results, Settings settings, int parallel, String note, Path out) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# torsion soak report\n\n");
        md.append(String.format(Locale.ROOT, "Run %s: %d soaks, %d at a time; each %d s of warm-up, then %d s of load, "
                        + "then up to %d s for the figures to come back. Bound for every well-behaved answer and the "
                        + "health probe (one a second): %d s. Servers: `java %s -jar torsion.jar APP`.\n\n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atZone(ZoneOffset.UTC)),
                results.size(), parallel, settings.warmup().toSeconds(), settings.load().toSeconds(),
                settings.settleTimeout().toSeconds(), settings.answerBound().toSeconds(),
                String.join(" ", settings.serverJvmOptions())));
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(". ");
        if (!note.isBlank()) {
            md.append(note).append(' ');
        }
        md.append("Load averages (1, 5, 15 min) at the start and end of each soak are in its section.\n\n");
        md.append(String.format(Locale.ROOT, "Figures are back at the baseline when: no more descriptors than at the "
                + "baseline; threads within 2; live heap (after a full GC) within 2 MiB or 10 %%; RSS within %d MiB or %d %% "
                + "(the servers' heap is fixed and touched whole at start, so RSS moves with what grows beside it; native "
                + "memory tracking says what). RSS is read after that full GC and a trim of the C allocator's free "
                + "memory, at the baseline as at the end: freed direct buffers otherwise stay resident in glibc's "
                + "arenas, which is not growth of the server. The baseline is read once the warm-up's clients have gone.\n\n",
                settings.margins().rssMinKiB() / 1024, settings.margins().rssPercent()));
        md.append("![figures over time](report.svg)\n\n");
        md.append("| app | backend | result | fds base/peak/end | threads | live heap KiB | RSS MiB | probes (max, p99 ms) "
                + "| well-behaved iterations | server warnings |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d (%d, %d) | %d | %d |\n",
                    r.app(), r.backend(), r.passed() ? "pass" : "**FAIL**",
                    triple(r, Figures::fds), triple(r, Figures::threads), triple(r, Figures::liveHeapKiB),
                    triple(r, f -> f.rssKiB() / 1024), r.probes().count(), r.probes().maxMillis(), r.probes().p99Millis(),
                    wellBehavedIterations(r), r.warnings()));
        }
        for (Result r : results) {
            section(md, r);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("REPORT.md"), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.svg"), Chart.draw(results), StandardCharsets.UTF_8);
    }

    private interface Figure {
        long of(Figures f);
    }

    private static String triple(Result r, Figure figure) {
        if (r.baseline() == null || r.end() == null) {
            return "n/a";
        }
        return figure.of(r.baseline()) + " / " + figure.of(r.peak()) + " / " + figure.of(r.end());
    }

    private static long wellBehavedIterations(Result r) {
        long n = 0;
        for (String kind : List.of("echo-session", "line-client", "chat-pair", "room-group", "log-writer", "udp-pinger")) {
            n += r.counters().getOrDefault(kind + " iterations", 0L);
        }
        return n;
    }

    private static void section(StringBuilder md, Result r) {
        md.append("\n## ").append(r.name()).append(r.passed() ? ": pass" : ": FAIL").append("\n\n");
        md.append("Load averages: ").append(r.loadAverages()).append(". Server warnings logged: ").append(r.warnings())
                .append(". Native memory committed since the baseline (NMT, categories that grew): ")
                .append(r.nativeGrowth().isEmpty() ? "none" : r.nativeGrowth())
                .append(". Free C-heap memory given back before RSS was read (`System.trim_native_heap`): ")
                .append(r.nativeHeapTrims()).append(".\n\n");
        if (!r.passed()) {
            md.append("Failures:\n\n");
            r.failures().forEach(f -> md.append("- ").append(f.replace("|", "\\|")).append('\n'));
            md.append('\n');
        }
        md.append("| counter | count |\n|---|---|\n");
        for (Map.Entry<String, Long> c : r.counters().entrySet()) {
            md.append("| ").append(c.getKey()).append(" | ").append(c.getValue()).append(" |\n");
        }
        md.append("\nFigures over time (s since the server started; live heap where it was read):\n\n");
        md.append("| s | phase | fds | threads | RSS MiB | live heap KiB | load avg |\n|---|---|---|---|---|---|---|\n");
        long every = Math.max(10_000, (r.loadEndMillis() - r.loadStartMillis()) / 12);
        long next = 0;
        List<Sample> samples = r.samples();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean last = i == samples.size() - 1;
            boolean marker = s.phase() != Sample.Phase.LOAD && s.phase() != Sample.Phase.WARMUP;
            if (s.figures().atMillis() >= next || last || (marker && s.phase() == Sample.Phase.BASELINE)) {
                Figures f = s.figures();
                md.append(String.format(Locale.ROOT, "| %.0f | %s | %d | %d | %d | %s | %.2f |\n", f.atMillis() / 1000.0,
                        s.phase().name().toLowerCase(Locale.ROOT), f.fds(), f.threads(), f.rssKiB() / 1024,
                        f.liveHeapKiB() < 0 ? "" : Long.toString(f.liveHeapKiB()), s.loadAverage()));
                next = f.atMillis() + every;
            }
        }
    }
}
