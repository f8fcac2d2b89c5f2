package io.torsion.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The JMH results bench/run collects ({@code -rf csv -prof gc}): per benchmark and parameter set,
 * the score and its error, and the GC profiler's bytes allocated per operation
 * ({@code gc.alloc.rate.norm}), which JMH writes as a secondary row under the benchmark.
 */
final class JmhResults {

    /** One benchmark with one set of parameters. */
    record Row(String benchmark, String params, double score, double error, String unit, OptionalDouble bytesPerOp) {
    }

    private JmhResults() {
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = fields(lines.get(0));
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Double> allocation = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            String name = f.get(0);
            String params = params(header, f);
            int secondary = secondaryStart(name);
            if (secondary < 0) {
                rows.put(name + params, new Row(shortName(name), params, number(f.get(4)), number(f.get(5)), f.get(6),
                        OptionalDouble.empty()));
            } else if (name.substring(secondary + 1).equals("gc.alloc.rate.norm")) {
                allocation.put(name.substring(0, secondary) + params, number(f.get(4)));
            }
        }
        List<Row> result = new ArrayList<>();
        rows.forEach((key, row) -> {
            Double bytes = allocation.get(key);
            result.add(bytes == null ? row : new Row(row.benchmark(), row.params(), row.score(), row.error(),
                    row.unit(), OptionalDouble.of(bytes)));
        });
        return result;
    }

    /** JMH 1.37 separates secondary results with ':', older versions with a middle dot. */
    private static int secondaryStart(String name) {
        int colon = name.indexOf(':');
        return colon >= 0 ? colon : name.indexOf('\u00b7');
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    private static String params(List<String> header, List<String> f) {
        StringBuilder out = new StringBuilder();
        for (int i = 7; i < header.size() && i < f.size(); i++) {
            if (!f.get(i).isEmpty()) {
                out.append(out.length() == 0 ? "" : ", ")
                        .append(header.get(i).replace("Param: ", "")).append('=').append(f.get(i));
            }
        }
        return out.toString();
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.replace(",", "."));
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    /** Splits one CSV line, honouring double quotes. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
