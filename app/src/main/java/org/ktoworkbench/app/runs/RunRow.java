package org.ktoworkbench.app.runs;

import java.util.List;

import org.ktoworkbench.app.run.JsonFields;
import org.ktoworkbench.app.run.RunCharts;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;

/** One run in the runs table: the stored run plus the hyperparameters and final metrics it recorded. */
public record RunRow(RunInfo info, Double beta, Double lambdaD, Double lambdaU, Double learningRate, Double steps,
                     Double finalLoss, Double finalMargin, Double finalWinrate) {

    public static RunRow of(RunInfo info) {
        JsonFields config = JsonFields.parse(info.configJson());
        JsonFields summary = JsonFields.parse(info.summaryJson());
        return new RunRow(info,
                config.number(List.of("beta")),
                config.number(List.of("lambdaD", "desirableWeight")),
                config.number(List.of("lambdaU", "undesirableWeight")),
                config.number(List.of("learningRate", "lr")),
                config.number(List.of("steps", "maxSteps", "totalSteps")),
                summary.number(List.of(RunCharts.LOSS)),
                summary.number(List.of(RunCharts.MARGINS)),
                summary.number(List.of(RunCharts.WINRATE, "winrate")));
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
