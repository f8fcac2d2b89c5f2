package io.torsion.bench.report;

import java.util.Locale;
import java.util.Optional;

/** How figures are printed in the report and on the chart, so both say the same thing. */
final class Format {

    private Format() {
    }

    /** A rate or a size: grouped digits, no decimals past 100, three significant digits below. */
    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A short form for chart labels: 596k, 1.23M. */
    static String compact(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", value / 1e6);
        }
        if (abs >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        return number(value);
    }

    /** "median (min–max)", or a dash when there are no figures. */
    static String spread(Optional<Spread> spread) {
        return spread.map(s -> s.count() == 1 ? number(s.median())
                : number(s.median()) + " (" + number(s.min()) + "–" + number(s.max()) + ")").orElse("–");
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Keeps a free-text reason from breaking a markdown table row. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
