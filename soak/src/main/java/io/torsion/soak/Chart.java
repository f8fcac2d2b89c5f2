package io.torsion.soak;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * report.svg: one row per soak, one panel per figure (descriptors, threads, RSS, live heap) over
 * time, the load phase shaded and the baseline dashed, so a figure that does not come back shows.
 */
final class Chart {

    private static final int LABEL = 150;
    private static final int PANEL_W = 230;
    private static final int PANEL_H = 70;
    private static final int GAP = 20;
    private static final int TOP = 40;

    private record Panel(String title, ToLongFunction<Figures> value) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("open descriptors", Figures::fds),
            new Panel("threads", Figures::threads),
            new Panel("RSS MiB", f -> f.rssKiB() / 1024),
            new Panel("live heap KiB (after GC)", Figures::liveHeapKiB));

    private Chart() {
    }

    static String draw(List<Result> results) {
        int width = LABEL + PANELS.size() * (PANEL_W + GAP);
        int height = TOP + results.size() * (PANEL_H + GAP) + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"10\">%n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                width, height, width, height));
        for (int p = 0; p < PANELS.size(); p++) {
            text(svg, LABEL + p * (PANEL_W + GAP), 20, PANELS.get(p).title(), 12);
        }
        text(svg, 4, 20, "soak (grey: load)", 12);
        for (int row = 0; row < results.size(); row++) {
            Result r = results.get(row);
            int y = TOP + row * (PANEL_H + GAP);
            text(svg, 4, y + PANEL_H / 2, r.name(), 11);
            text(svg, 4, y + PANEL_H / 2 + 14, r.passed() ? "pass" : "FAIL", 11);
            for (int p = 0; p < PANELS.size(); p++) {
                panel(svg, r, PANELS.get(p), LABEL + p * (PANEL_W + GAP), y);
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, Result r, Panel panel, int x, int y) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" "
                + "stroke=\"#ccc\"/>%n", x, y, PANEL_W, PANEL_H));
        List<Sample> samples = r.samples().stream().filter(s -> panel.value().applyAsLong(s.figures()) >= 0).toList();
        if (samples.isEmpty()) {
            return;
        }
        long t0 = 0;
        long t1 = Math.max(1, r.samples().get(r.samples().size() - 1).figures().atMillis());
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Sample s : samples) {
            long v = panel.value().applyAsLong(s.figures());
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (r.baseline() != null) {
            long b = panel.value().applyAsLong(r.baseline());
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        long lo = min;
        long span = Math.max(1, max - min);
        double sx = (double) PANEL_W / (t1 - t0);
        double sy = (PANEL_H - 10.0) / span;
        if (r.loadEndMillis() > r.loadStartMillis()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e6e6e6\"/>%n",
                    x + r.loadStartMillis() * sx, y, (r.loadEndMillis() - r.loadStartMillis()) * sx, PANEL_H));
        }
        if (r.baseline() != null) {
            double by = y + PANEL_H - 5 - (panel.value().applyAsLong(r.baseline()) - lo) * sy;
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %.1fH%d\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n",
                    x, by, x + PANEL_W));
        }
        StringBuilder points = new StringBuilder();
        for (Sample s : samples) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x + s.figures().atMillis() * sx,
                    y + PANEL_H - 5 - (panel.value().applyAsLong(s.figures()) - lo) * sy));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\"/>%n",
                points.toString().trim(), r.passed() ? "#1f5fbf" : "#c0392b"));
        text(svg, x + 2, y + 10, Long.toString(max), 9);
        text(svg, x + 2, y + PANEL_H - 2, Long.toString(min), 9);
        text(svg, x + PANEL_W - 40, y + PANEL_H - 2, (t1 / 1000) + " s", 9);
    }

    private static void text(StringBuilder svg, int x, int y, String text, int size) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">%s</text>%n", x, y, size,
                text.replace("&", "&amp;").replace("<", "&lt;")));
    }
}
