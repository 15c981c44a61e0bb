package org.ktoworkbench.app.sweeps;

import java.util.Locale;

/**
 * A sequential colour scale (viridis, perceptually even and readable by the colour-blind) for metric values: 0 is dark
 * purple, 1 bright yellow. The heatmap and parallel coordinates colour by it, with a colour bar as legend.
 */
public final class ColorScale {
    private static final double[][] STOPS = {
            {0x44, 0x01, 0x54}, {0x3b, 0x52, 0x8b}, {0x21, 0x91, 0x8c}, {0x5e, 0xc9, 0x62}, {0xfd, 0xe7, 0x25}};

    private ColorScale() {
    }

    /** The colour at {@code t} in [0, 1] (clamped; NaN gives the middle) as {@code #rrggbb}. */
    public static String web(double t) {
        double[] rgb = rgb(t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(rgb[0]), Math.round(rgb[1]), Math.round(rgb[2]));
    }

    /** Whether text on the colour at {@code t} reads better in black than in white. */
    public static boolean lightBackground(double t) {
        double[] rgb = rgb(t);
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 140;
    }

    /** Where {@code value} lies between {@code min} and {@code max}, in [0, 1]; the middle when they are equal. */
    public static double position(double value, double min, double max) {
        return max > min ? Math.max(0, Math.min(1, (value - min) / (max - min))) : 0.5;
    }

    private static double[] rgb(double t) {
        double c = Double.isNaN(t) ? 0.5 : Math.max(0, Math.min(1, t));
        double scaled = c * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(scaled));
        double f = scaled - i;
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            out[k] = STOPS[i][k] + f * (STOPS[i + 1][k] - STOPS[i][k]);
        }
        return out;
    }
}
