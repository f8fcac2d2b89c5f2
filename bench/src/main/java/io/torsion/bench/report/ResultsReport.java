package io.torsion.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one bench/run invocation's raw files into RESULTS.md and its SVG chart.
 *
 * <p>Usage: {@code ResultsReport RESULTS_TSV MACHINE_TSV JMH_CSV OUT_MD OUT_SVG}. The JMH file may be
 * absent (the micro-benchmarks were skipped or failed); the report says so. The chart is linked
 * from the report by its file name, so both are written to the same directory.
 */
public final class ResultsReport {

    private ResultsReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: ResultsReport RESULTS_TSV MACHINE_TSV JMH_CSV OUT_MD OUT_SVG");
            System.exit(2);
        }
        Figures figures = new Figures(ResultsFile.read(Path.of(args[0])));
        Map<String, String> machine = keyValues(Path.of(args[1]));
        Path jmhCsv = Path.of(args[2]);
        List<JmhResults.Row> jmh = Files.isRegularFile(jmhCsv) ? JmhResults.read(jmhCsv) : List.of();
        Path md = Path.of(args[3]);
        Path svg = Path.of(args[4]);
        String heading = "torsion bench, " + machine.getOrDefault("date", "") + " ("
                + machine.getOrDefault("mode", "full") + " run)";
        Files.writeString(svg, new SvgChart(figures).draw(heading), StandardCharsets.UTF_8);
        Files.writeString(md, new MarkdownReport(figures, machine, jmh, svg.getFileName().toString()).write(),
                StandardCharsets.UTF_8);
    }

    /** Reads {@code key<TAB>value} lines, keeping their order. */
    static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                values.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return values;
    }
}
