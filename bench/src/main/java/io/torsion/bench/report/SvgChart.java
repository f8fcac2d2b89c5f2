package io.torsion.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws the results chart as a standalone SVG: one row per scenario, the scenario's main figure on
 * the left and its p99 latency on the right, a horizontal bar per server at the median with a
 * whisker from the fastest to the slowest round. Every panel has its own linear scale from zero.
 */
final class SvgChart {

    private static final String[] COLOURS = {"#4e79a7", "#59a14f", "#e15759", "#f28e2b", "#b07aa1", "#76b7b2",
        "#edc948", "#9c755f"};
    private static final int PANEL_WIDTH = 480;
    private static final int LABEL_WIDTH = 120;
    private static final int BAR_WIDTH = 270;
    private static final int ROW_HEIGHT = 20;
    private static final int TITLE_HEIGHT = 34;
    private static final int MARGIN = 20;

    private final Figures figures;
    private final List<String> servers;
    private final StringBuilder svg = new StringBuilder();

    SvgChart(Figures figures) {
        this.figures = figures;
        this.servers = figures.servers();
    }

    String draw(String heading) {
        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            if (figures.hasScenario(s)) {
                scenarios.add(s);
            }
        }
        int panelHeight = TITLE_HEIGHT + servers.size() * ROW_HEIGHT + 16;
        int width = 2 * PANEL_WIDTH + 3 * MARGIN;
        int height = 60 + scenarios.size() * (panelHeight + MARGIN) + 30;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        text(MARGIN, 28, 16, "bold", heading);
        legend(MARGIN, 48);
        int y = 60;
        for (Scenario scenario : scenarios) {
            panel(MARGIN, y, scenario, scenario.primary);
            if (scenario.hasLatency()) {
                panel(2 * MARGIN + PANEL_WIDTH, y, scenario, Scenario.Metric.P99_MICROS);
            }
            y += panelHeight + MARGIN;
        }
        text(MARGIN, y + 10, 11, "normal", "bar: median of the rounds; whisker: min–max; "
                + "each panel has its own scale from zero");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void legend(int x, int y) {
        for (int i = 0; i < servers.size(); i++) {
            int lx = x + i * 150;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    lx, y - 10, colour(i)));
            text(lx + 16, y, 12, "normal", servers.get(i));
        }
    }

    private void panel(int x, int y, Scenario scenario, Scenario.Metric metric) {
        String better = metric.higherIsBetter ? "higher is better" : "lower is better";
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f7f7f7\" "
                + "stroke=\"#ddd\"/>%n", x, y, PANEL_WIDTH, TITLE_HEIGHT + servers.size() * ROW_HEIGHT + 16));
        text(x + 8, y + 16, 12, "bold", scenario.title);
        text(x + 8, y + 29, 11, "normal", metric.unit + " (" + better + ")");
        double scale = 0;
        for (String server : servers) {
            Optional<Spread> s = figures.spread(scenario, server, metric.key);
            if (s.isPresent()) {
                scale = Math.max(scale, s.get().max());
            }
        }
        for (int i = 0; i < servers.size(); i++) {
            int rowY = y + TITLE_HEIGHT + 8 + i * ROW_HEIGHT;
            bar(x, rowY, i, scenario, metric, scale);
        }
    }

    private void bar(int x, int rowY, int serverIndex, Scenario scenario, Scenario.Metric metric, double scale) {
        String server = servers.get(serverIndex);
        text(x + 8, rowY + 13, 11, "normal", server);
        int barX = x + LABEL_WIDTH;
        Optional<Spread> spread = figures.spread(scenario, server, metric.key);
        if (spread.isEmpty() || scale <= 0) {
            String why = figures.absence(scenario, server).orElse("no figure");
            text(barX + 4, rowY + 13, 11, "italic", why.length() > 48 ? why.substring(0, 47) + "…" : why);
            return;
        }
        Spread s = spread.get();
        double length = BAR_WIDTH * s.median() / scale;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>%n",
                barX, rowY + 2, Math.max(length, 1), colour(serverIndex)));
        double lo = barX + BAR_WIDTH * s.min() / scale;
        double hi = barX + BAR_WIDTH * s.max() / scale;
        int mid = rowY + 9;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\" stroke=\"#222\" "
                + "stroke-width=\"1\"/>%n", lo, mid, hi, lo, mid - 4, mid + 4, hi, mid - 4, mid + 4));
        text(barX + BAR_WIDTH + 6, rowY + 13, 11, "normal", Format.compact(s.median()));
    }

    private void text(int x, int y, int size, String style, String content) {
        String weight = style.equals("bold") ? " font-weight=\"bold\"" : "";
        String italic = style.equals("italic") ? " font-style=\"italic\" fill=\"#888\"" : "";
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s%s>%s</text>%n", x, y, size,
                weight, italic, Format.xml(content)));
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }
}
