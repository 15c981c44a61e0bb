package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.bench.SyntheticKto;
import org.ktoworkbench.model.kto.KtoBatcher;
import org.ktoworkbench.model.kto.KtoParams;
import org.ktoworkbench.model.nn.Autocast;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mixedPrecision: fp16} end to end on the CPU: float16 products with float32 master weights, the loss scaled
 * before backward and unscaled before AdamW, an overflowing step skipped with the scale halved, the scaler saved in
 * checkpoints so a resumed run matches an uninterrupted one exactly.
 */
class MixedPrecisionTrainingTest {
    @TempDir
    Path dir;

    @AfterEach
    void gradModeOff() {
        JniUtils.setGradMode(false);
    }

    @Test
    void anOverflowSkipsTheUpdateKeepsWeightsAndMomentsAndHalvesTheScale() throws Exception {
        try (Fixture f = new Fixture(); Autocast.Scope scope = Autocast.float16()) {
            // scale · loss is finite in float32, but its gradient overflows float16 at the logits
            LossScaler overflowing = new LossScaler(1e30, 2, 0.5, 2000);
            List<float[]> before = f.weights();
            f.optimizer.save(dir.resolve("before"));
            OptimizerStep.Taken skipped = new OptimizerStep(f.objective, f.optimizer, 1, overflowing)
                    .take(f.cursor(), 1e-3, f.root);
            assertTrue(skipped.skipped());
            assertFalse(Double.isFinite(skipped.gradNorm()), "gradient norm " + skipped.gradNorm());
            assertTrue(Double.isFinite(skipped.means().get("loss")), "the loss itself is finite");
            assertEquals(1e30, skipped.lossScale());
            assertEquals(5e29, overflowing.scale());
            assertEquals(1, overflowing.skippedSteps());
            assertEquals(0, f.optimizer.stepCount(), "AdamW did not count the step");
            assertWeightsEqual(before, f.weights());
            f.optimizer.save(dir.resolve("after"));
            assertSameFiles(dir.resolve("before"), dir.resolve("after"));

            OptimizerStep.Taken taken = new OptimizerStep(f.objective, f.optimizer, 1, LossScaler.defaults())
                    .take(f.cursor(), 1e-3, f.root);
            assertFalse(taken.skipped());
            assertTrue(Double.isFinite(taken.gradNorm()) && taken.gradNorm() > 0);
            assertEquals(1, f.optimizer.stepCount());
            assertNotEquals(before.get(0)[0], f.weights().get(0)[0], "a good step updates the weights");
        }
    }

    @Test
    void oneScaledFloat16StepUpdatesTheWeightsAsAFloat32StepDoes() throws Exception {
        List<float[]> initial;
        List<float[]> float32;
        OptimizerStep.Taken full;
        try (Fixture f = new Fixture()) {
            initial = f.weights();
            full = new OptimizerStep(f.objective, f.optimizer, 1, null).take(f.cursor(), 1e-3, f.root);
            float32 = f.weights();
        }
        try (Fixture f = new Fixture(); Autocast.Scope scope = Autocast.float16()) {
            OptimizerStep.Taken half = new OptimizerStep(f.objective, f.optimizer, 1, LossScaler.defaults())
                    .take(f.cursor(), 1e-3, f.root);
            assertFalse(half.skipped());
            assertEquals(full.means().get("loss"), half.means().get("loss"), 1e-3);
            assertEquals(full.gradNorm(), half.gradNorm(), 1e-2 * full.gradNorm(), "the unscaled gradient norm");
            List<float[]> float16 = f.weights();
            // AdamW's first step moves each weight by about lr·sign(g): compare the updates, not the weights
            double diff = 0;
            double size = 0;
            for (int p = 0; p < initial.size(); p++) {
                for (int i = 0; i < initial.get(p).length; i++) {
                    double a = float32.get(p)[i] - initial.get(p)[i];
                    double b = float16.get(p)[i] - initial.get(p)[i];
                    diff += (a - b) * (a - b);
                    size += a * a;
                }
            }
            assertTrue(size > 0);
            // a gradient element near 0 may flip sign in float16 and move its weight the other way: a few do
            assertTrue(Math.sqrt(diff / size) < 0.1, "float16 update off by " + Math.sqrt(diff / size));
        }
    }

    @Test
    void anFp16RunTrainsBothPhasesAndLogsItsLossScale() {
        RunConfig fp16 = TrainingFixture.tinyRun(Map.of("sftSteps", 6, "steps", 6, "evalEvery", 3,
                "mixedPrecision", "fp16"));
        RunConfig fp32 = TrainingFixture.tinyRun(Map.of("sftSteps", 6, "steps", 6, "evalEvery", 3));
        List<MetricPoint> half;
        List<MetricPoint> full;
        TrainingFixture.EventLog events = new TrainingFixture.EventLog();
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("fp16"))) {
            List<RunSummary> runs = new Trainer(ws).train(fp16, null, events, new CancellationToken());
            assertEquals(2, runs.size());
            for (RunSummary r : runs) assertEquals(RunStatus.COMPLETED, r.status(), r.message());
            assertTrue(runs.get(1).lastEval().containsKey("winrate"), runs.get(1).lastEval().toString());
            half = TrainingFixture.metricsWithoutTiming(ws, runs.get(0).runId());
            for (RunSummary r : runs) assertScaleFollowsTheSkips(TrainingFixture.metricsWithoutTiming(ws, r.runId()), 6);
        }
        assertTrue(events.of(RunEvent.Notice.class).stream().anyMatch(n -> n.message().startsWith("fp16 on the CPU")));
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("fp32"))) {
            List<RunSummary> runs = new Trainer(ws).train(fp32, null, event -> {}, new CancellationToken());
            full = TrainingFixture.metricsWithoutTiming(ws, runs.get(0).runId());
            assertTrue(full.stream().noneMatch(p -> p.name().equals("loss_scale")), "float32 scales nothing");
        }
        // the first SFT step reads the same batch with the same initial weights
        assertEquals(value(full, 1, "loss"), value(half, 1, "loss"), 1e-3);
    }

    @Test
    void aResumedFp16RunRecordsWhatAnUninterruptedOneRecords() throws IOException {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 16, "checkpointEvery", 5,
                "evalEvery", 5, "mixedPrecision", "fp16"));
        List<MetricPoint> uninterrupted;
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("a"))) {
            long runId = new Trainer(ws).train(config, null, event -> {}, new CancellationToken()).get(0).runId();
            uninterrupted = TrainingFixture.metricsWithoutTiming(ws, runId);
        }
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            long runId = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, 12, cancel),
                    cancel).get(0).runId();
            Path checkpoint = ws.runs().latestCheckpoint(runId).orElseThrow().path();
            assertTrue(checkpoint.endsWith("step-10"), checkpoint.toString());
            assertTrue(Files.isRegularFile(checkpoint.resolve(LossScaler.FILE)), "the checkpoint holds the scaler");
            List<RunSummary> resumed = new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, resumed.get(0).status(), resumed.get(0).message());
            assertEquals(uninterrupted, TrainingFixture.metricsWithoutTiming(ws, runId));
        }
        assertScaleFollowsTheSkips(uninterrupted, 16);
    }

    /**
     * Every step logs the scale its backward used and the skips so far; a skip (no grad_norm) halves the next step's
     * scale, a good step keeps it (the growth interval, 2000, is far off).
     */
    private static void assertScaleFollowsTheSkips(List<MetricPoint> metrics, int steps) {
        double expectedScale = 65536;
        double skips = 0;
        for (long step = 1; step <= steps; step++) {
            assertEquals(expectedScale, value(metrics, step, "loss_scale"), "step " + step);
            boolean skipped = value(metrics, step, "skipped_steps") > skips;
            assertEquals(skipped, valueOrNull(metrics, step, "grad_norm") == null, "step " + step);
            if (skipped) {
                skips++;
                expectedScale /= 2;
            }
            assertEquals(skips, value(metrics, step, "skipped_steps"), "step " + step);
        }
    }

    private static double value(List<MetricPoint> metrics, long step, String name) {
        Double v = valueOrNull(metrics, step, name);
        assertTrue(v != null, name + " missing at step " + step);
        return v;
    }

    private static Double valueOrNull(List<MetricPoint> metrics, long step, String name) {
        return metrics.stream().filter(p -> p.step() == step && p.name().equals(name)).map(MetricPoint::value)
                .findFirst().orElse(null);
    }

    private static void assertWeightsEqual(List<float[]> expected, List<float[]> actual) {
        for (int p = 0; p < expected.size(); p++) assertArrayEquals(expected.get(p), actual.get(p), "parameter " + p);
    }

    private static void assertSameFiles(Path a, Path b) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(a)) {
            files = s.map(Path::getFileName).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path name : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)), name.toString());
        }
    }

    /** A built-in GPT on synthetic rows with its frozen reference, KTO objective and AdamW, seeded the same each time. */
    private static final class Fixture implements AutoCloseable {
        final NDManager root = NDManager.newBaseManager();
        final EncodedRows rows = SyntheticKto.rows(40, 12, 16, 3);
        final CausalLm policy = Gpt.create(new GptConfig(40, 12, 2, 16, 2), 4);
        final CausalLm reference = policy.frozenCopy();
        final AdamW optimizer = new AdamW(policy.parameters(), AdamWConfig.defaults());
        final KtoObjective objective = new KtoObjective(policy, new ReferenceLogProbs(reference, rows, false), rows,
                KtoParams.defaults(), false);
        private final KtoBatcher.Cursor cursor = new KtoBatcher(rows.size(), 8, 5).cursor();

        KtoBatcher.Cursor cursor() {
            return cursor;
        }

        List<float[]> weights() {
            List<float[]> out = new ArrayList<>();
            for (NamedParameter p : policy.parameters()) out.add(p.value().toFloatArray());
            return out;
        }

        @Override
        public void close() {
            optimizer.close();
            reference.close();
            policy.close();
            root.close();
        }
    }
}
