package org.ktoworkbench.app.chart;

import java.util.Locale;

/** Number formats shared by chart labels, read-outs and tables. */
public final class ValueFormat {
    private ValueFormat() {
    }

    /** Full precision a researcher can copy: up to 6 significant digits, scientific when tiny or huge. */
    public static String exact(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.5e", v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** Short tick label. */
    public static String compact(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-2 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    public static String step(double step) {
        return Long.toString(Math.round(step));
    }
}
