package org.ktoworkbench.model.train;

import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Real workspaces with the embedded sample dataset, tiny run configs and a recording listener for training tests. */
final class TrainingFixture {
    /** The only metric that measures the machine rather than the run; it differs between identical runs. */
    static final String TIMING_METRIC = "tokens/s";

    private TrainingFixture() {}

    /** A workspace in {@code dir} holding the sample dataset, imported and split as {@code train} does. */
    static Workspace sampleWorkspace(Path dir) {
        Workspace ws = Workspace.open(dir);
        SampleWorkspace.ensureSampleDataset(ws);
        return ws;
    }

    /** A workspace in {@code dir} holding the sample dataset's paired form ({@link SampleWorkspace#PAIRED_DATASET}). */
    static Workspace pairedWorkspace(Path dir) {
        Workspace ws = Workspace.open(dir);
        SampleWorkspace.ensureSampleDataset(ws, SampleWorkspace.PAIRED_DATASET);
        return ws;
    }

    /**
     * A run of a 2-layer GPT (d 32, 2 heads, context 32) on the sample dataset, a few seconds on 2 cores:
     * SFT 20 steps, KTO 20 steps, batch 8, eval every 10 steps on 10 prompts, no checkpoints.
     */
    static RunConfig tinyRun(Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("dataset", SampleWorkspace.DATASET);
        values.put("model", new ModelSpec(2, 32, 2, 32));
        values.put("sftSteps", 20);
        values.put("steps", 20);
        values.put("batchSize", 8);
        values.put("evalEvery", 10);
        values.put("evalPrompts", 10);
        values.put("maxNewTokens", 8);
        values.put("checkpointEvery", 0);
        values.putAll(overrides);
        return RunConfigJson.withOverrides(RunConfig.defaults(), values);
    }

    /** Every recorded metric point of a run except the timing one, in step then name order. */
    static List<MetricPoint> metricsWithoutTiming(Workspace ws, long runId) {
        return ws.runs().metrics(runId).stream().filter(p -> !p.name().equals(TIMING_METRIC)).toList();
    }

    static List<MetricPoint> metricsWithoutTiming(Workspace ws, long runId, Predicate<MetricPoint> keep) {
        return metricsWithoutTiming(ws, runId).stream().filter(keep).toList();
    }

    static RunInfo run(Workspace ws, long runId) {
        return ws.runs().run(runId).orElseThrow();
    }

    /** Keeps every event a run reports, and can act on them (e.g. cancel at a given step). */
    static final class EventLog implements RunListener {
        private final List<RunEvent> events = new ArrayList<>();
        private final RunListener then;

        public EventLog() {
            this(event -> {});
        }

        public EventLog(RunListener then) {
            this.then = then;
        }

        @Override
        public void onEvent(RunEvent event) {
            events.add(event);
            then.onEvent(event);
        }

        public List<RunEvent> events() {
            return events;
        }

        public <T extends RunEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** Cancels {@code token} once the run reports {@code step} steps done in {@code phase}. */
    static RunListener cancelAt(RunEvent.Phase phase, long step, CancellationToken token) {
        return event -> {
            if (event instanceof RunEvent.Step s && s.phase() == phase && s.step() == step) token.cancel();
        };
    }
}
