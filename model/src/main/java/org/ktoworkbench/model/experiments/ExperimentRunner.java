package org.ktoworkbench.model.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepListener;
import org.ktoworkbench.model.sweep.SweepRunner;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.sweep.Sweeps;
import org.ktoworkbench.model.train.CancellationToken;
import org.ktoworkbench.model.train.ModelSpec;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.RunSummary;
import org.ktoworkbench.model.train.Trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an experiment as a sweep: one SFT base on the embedded task, then every arm × seed aligned from it and judged by
 * the same winrate against it (so they share one table). The embedded default config, or with {@code quick} a tiny
 * model that trains in seconds (for tests: its numbers say nothing about the paper).
 */
public final class ExperimentRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workspace ws;

    public ExperimentRunner(Workspace ws) {
        this.ws = ws;
    }

    /** The config an experiment's base and arms share. */
    public static RunConfig config(boolean quick) {
        RunConfig defaults = RunConfig.defaults();
        if (!quick) return defaults;
        return RunConfigJson.withOverrides(defaults, Map.of("model", new ModelSpec(2, 32, 2, 32), "sftSteps", 60,
                "steps", 24, "batchSize", 8, "evalEvery", 12, "evalPrompts", 16, "maxNewTokens", 6,
                "checkpointEvery", 12));
    }

    /** Trains the base (or finds it failed) and creates the sweep; returns the sweep id, to {@link #run}. */
    public long create(Experiment experiment, boolean quick, int seeds, SweepListener listener, CancellationToken cancel) {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        SampleWorkspace.ensureSampleDataset(ws, Presets.KTO_DATA);
        SampleWorkspace.ensureSampleDataset(ws, Presets.PAIRS);
        List<Arm> arms = experiment.arms(ws);
        RunConfig config = config(quick);
        String name = "experiment " + experiment.name() + (quick ? " (quick)" : "");
        RunConfig sft = RunConfigJson.withOverrides(config, Map.of("steps", 0, "name", name + " base",
                "dataset", Presets.KTO_DATA));
        List<RunSummary> base = new Trainer(ws).train(sft, null, listener, cancel);
        if (base.isEmpty() || base.get(0).status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("the experiment's SFT base did not complete"
                    + (base.isEmpty() ? "" : ": " + base.get(0).message()));
        }
        List<ObjectNode> points = new ArrayList<>();
        for (Arm arm : arms) {
            for (int r = 0; r < seeds; r++) {
                ObjectNode point = JSON.createObjectNode();
                point.put("name", arm.label());
                arm.fields().forEach((field, value) -> point.set(field, JSON.valueToTree(value)));
                point.put("seed", config.seed() + r);
                points.add(point);
            }
        }
        SweepSpec spec = new SweepSpec(name, RunConfigJson.toJson(config), base.get(0).runId(), Map.of(), 0, Map.of(),
                seeds, SweepSpec.DEFAULT_METRIC, SweepSpec.Goal.MAX, "none");
        return Sweeps.createWithPoints(ws, spec, points);
    }

    public org.ktoworkbench.model.store.SweepStatus run(long sweepId, SweepListener listener, CancellationToken cancel) {
        return new SweepRunner(ws, sweepId).run(listener, cancel);
    }
}
