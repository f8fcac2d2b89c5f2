package io.torsion.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the runner's results file: one run per line, tab-separated
 * {@code scenario server round status detail}, where detail is the loadgen's {@code RESULT} line
 * ({@code key=value} pairs) for a run that finished, and a free-text reason otherwise.
 */
final class ResultsFile {

    private ResultsFile() {
    }

    static List<RunRecord> read(Path file) throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                runs.add(parse(line));
            }
        }
        return runs;
    }

    static RunRecord parse(String line) {
        String[] fields = line.split("\t", 5);
        if (fields.length < 4) {
            throw new IllegalArgumentException("not a results line: " + line);
        }
        RunRecord.Status status = RunRecord.Status.valueOf(fields[3].toUpperCase(Locale.ROOT).replace('-', '_'));
        String detail = fields.length == 5 ? fields[4].trim() : "";
        Map<String, String> values = status == RunRecord.Status.OK ? keyValues(detail) : Map.of();
        String reason = status == RunRecord.Status.OK ? "" : detail;
        return new RunRecord(fields[0], fields[1], Integer.parseInt(fields[2]), status, values, reason);
    }

    /** Parses {@code RESULT a=1 b=2}; the leading word is optional. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String token : text.trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                values.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return values;
    }
}
