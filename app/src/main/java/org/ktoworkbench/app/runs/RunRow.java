package org.ktoworkbench.app.runs;

import java.util.List;

import org.ktoworkbench.app.run.JsonFields;
import org.ktoworkbench.app.run.RunCharts;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.Trainer;

/** One run in the runs table: the stored run plus the hyperparameters and final metrics it recorded. */
public record RunRow(RunInfo info, Double beta, Double lambdaD, Double lambdaU, Double learningRate, Double steps,
                     Double finalLoss, Double finalMargin, Double finalWinrate) {

    public static RunRow of(RunInfo info) {
        RunConfig config = parseConfig(info.configJson());
        JsonFields summary = JsonFields.parse(info.summaryJson());
        boolean sft = Trainer.KIND_SFT.equals(info.kind());
        return new RunRow(info,
                config == null || sft ? null : config.beta(),
                config == null || sft ? null : config.lambdaD(),
                config == null || sft ? null : config.lambdaU(),
                config == null ? null : (double) (sft ? config.sftLearningRate() : config.learningRate()),
                config == null ? null : (double) (sft ? config.sftSteps() : config.steps()),
                summary.number(List.of(RunCharts.LOSS)),
                summary.number(List.of(RunCharts.MARGINS)),
                summary.number(List.of(RunCharts.WINRATE)));
    }

    /** The run's config, or null when the stored JSON is not one (a run written by another tool). */
    public static RunConfig parseConfig(String json) {
        try {
            return json == null ? null : RunConfigJson.fromJson(json);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public long id() {
        return info.id();
    }

    public String label() {
        return "#" + info.id() + " " + info.name();
    }

    public RunStatus status() {
        return info.status();
    }

    public boolean matches(String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String t = text.strip().toLowerCase();
        return info.name().toLowerCase().contains(t)
                || (info.datasetName() != null && info.datasetName().toLowerCase().contains(t))
                || info.kind().toLowerCase().contains(t)
                || (info.notes() != null && info.notes().toLowerCase().contains(t));
    }
}
