package org.ktoworkbench.app.sweeps;

import java.util.List;
import java.util.Locale;

import org.ktoworkbench.app.chart.ValueFormat;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.sweep.SweepSpec;

/** A line of the sweeps list: the sweep, how many of its points have ended, and its best metric so far. */
public record SweepSummary(SweepInfo info, int points, int ended, String metric, Double best) {

    public static SweepSummary of(SweepInfo info, List<SweepPointInfo> points) {
        SweepSpec spec = SweepSpec.fromJson(info.specJson());
        Double best = null;
        for (SweepPointInfo p : points) {
            if (p.metric() != null && (best == null || spec.better(p.metric(), best))) {
                best = p.metric();
            }
        }
        int ended = (int) points.stream().filter(p -> p.status().ended()).count();
        return new SweepSummary(info, points.size(), ended, spec.metric(), best);
    }

    public long id() {
        return info.id();
    }

    public String describe() {
        return String.format(Locale.ROOT, "#%d %s\n%s · %d/%d ended%s", info.id(), info.name(),
                info.status().name().toLowerCase(Locale.ROOT), ended, points,
                best == null ? "" : " · best " + metric + " " + ValueFormat.compact(best));
    }
}
