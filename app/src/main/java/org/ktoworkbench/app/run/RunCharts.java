package org.ktoworkbench.app.run;

import java.util.List;

import org.ktoworkbench.app.chart.ChartSpec;
import org.ktoworkbench.app.chart.ChartSpec.CurveSpec;
import org.ktoworkbench.model.eval.SampleEvaluation;

/** Which logged metrics (TRL's names) the run screens chart, and how. */
public final class RunCharts {
    public static final String LOSS = "loss";
    public static final String CHOSEN = "rewards/chosen";
    public static final String REJECTED = "rewards/rejected";
    public static final String MARGINS = "rewards/margins";
    public static final String KL = "kl";
    public static final String WINRATE = "winrate";
    public static final String WINRATE_LOW = "winrate/lower";
    public static final String WINRATE_HIGH = "winrate/upper";
    public static final String TOKENS_PER_SECOND = "tokens/s";
    public static final String POLICY_LENGTH = SampleEvaluation.POLICY_LENGTH_METRIC;
    public static final String REFERENCE_LENGTH = SampleEvaluation.REFERENCE_LENGTH_METRIC;

    /** z0 as TRL logs it: the mean mismatched-pair log-ratio clamped at 0, so often flat at 0. */
    private static final String KL_TITLE = "KL (z0, clamped at 0)";

    private RunCharts() {
    }

    /** The live monitor of one run: every curve of each chart. */
    public static List<ChartSpec> monitor() {
        return List.of(
                ChartSpec.of("Loss", CurveSpec.line(LOSS, "loss")),
                ChartSpec.of("Reward gap",
                        CurveSpec.line(MARGINS, "margins"),
                        CurveSpec.line(CHOSEN, "chosen"),
                        CurveSpec.line(REJECTED, "rejected")),
                ChartSpec.of(KL_TITLE, CurveSpec.line(KL, "kl")),
                ChartSpec.of("Winrate",
                        CurveSpec.line(WINRATE, "winrate"),
                        CurveSpec.band(WINRATE_LOW, "95% low"),
                        CurveSpec.band(WINRATE_HIGH, "95% high")),
                // the paper: KTO keeps the completion length, DPO without SFT inflates it
                ChartSpec.of("Sample length (tokens)",
                        CurveSpec.line(POLICY_LENGTH, "policy"),
                        CurveSpec.line(REFERENCE_LENGTH, "reference")));
    }

    /** Several runs overlaid: one curve per run on each chart, so colours tell runs apart. */
    public static List<ChartSpec> comparison() {
        return List.of(
                ChartSpec.of("Loss", CurveSpec.line(LOSS, "loss")),
                ChartSpec.of("Reward gap", CurveSpec.line(MARGINS, "margins")),
                ChartSpec.of(KL_TITLE, CurveSpec.line(KL, "kl")),
                ChartSpec.of("Winrate", CurveSpec.line(WINRATE, "winrate")));
    }
}
