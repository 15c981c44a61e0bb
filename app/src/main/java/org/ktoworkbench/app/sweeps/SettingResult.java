package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ktoworkbench.app.chart.ValueFormat;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.sweep.SweepSpec;

/**
 * One parameter setting of a sweep with its metric aggregated over seeds: the mean and its 95% Student-t interval
 * when the setting has several runs, or the single run's own 95% interval (the winrate's Wilson interval) when it has
 * one. What the heatmap's cells and the parallel coordinates' lines show.
 *
 * @param interval     null when neither is known
 * @param overSeeds    whether {@code interval} is the t interval over seeds
 */
public record SettingResult(Map<String, String> values, Double mean, double[] interval, boolean overSeeds, int runs) {

    public static List<SettingResult> of(SweepResults results) {
        List<SettingResult> out = new ArrayList<>();
        for (SweepResults.Group g : results.groups()) {
            if (g.runs() >= 2) {
                out.add(new SettingResult(g.values(), g.mean(), g.interval(), true, g.runs()));
                continue;
            }
            double[] own = results.rows().stream()
                    .filter(r -> r.values().equals(g.values()) && r.metric() != null && r.lower() != null && r.upper() != null)
                    .findFirst().map(r -> new double[] {r.lower(), r.upper()}).orElse(null);
            out.add(new SettingResult(g.values(), g.mean(), own, false, g.runs()));
        }
        return out;
    }

    /** The parameters that take at least two values across the sweep's points, in the sweep's order. */
    public static List<String> varying(SweepResults results) {
        List<String> out = new ArrayList<>();
        for (String p : results.parameters()) {
            Set<String> distinct = new LinkedHashSet<>();
            results.rows().forEach(r -> distinct.add(r.values().getOrDefault(p, "")));
            if (distinct.size() >= 2) {
                out.add(p);
            }
        }
        return out;
    }

    /** The setting with the best mean under the sweep's goal; empty while none has a metric. */
    public static Optional<SettingResult> best(List<SettingResult> settings, SweepSpec spec) {
        SettingResult best = null;
        for (SettingResult s : settings) {
            if (s.mean() != null && (best == null || spec.better(s.mean(), best.mean()))) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "β 0.1, λD 1.5: winrate 0.6123, 95% t interval over 2 seeds [0.5512, 0.6734]" (exact values, for hover). */
    public String describe(List<String> fields, String metric) {
        StringBuilder text = new StringBuilder();
        for (String f : fields) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(SweepField.labelOf(f)).append(' ').append(values.getOrDefault(f, ""));
        }
        text.append(": ").append(metric).append(' ');
        if (mean == null) {
            return text.append("not measured yet").toString();
        }
        text.append(ValueFormat.exact(mean));
        if (overSeeds) {
            text.append(" (mean of ").append(runs).append(" seeds)");
        }
        if (interval != null) {
            text.append(String.format(Locale.ROOT, ", 95%% %s[%s, %s]", overSeeds ? "t interval " : "",
                    ValueFormat.exact(interval[0]), ValueFormat.exact(interval[1])));
        }
        return text.toString();
    }
}
