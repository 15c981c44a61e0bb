package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.kto.LossType;
import org.ktoworkbench.model.sample.DigitIncrementTask;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DPO runs through the same trainer as KTO: on the embedded paired task, refused without pairs, resumed exactly. */
class DpoTrainingTest {
    private static final Set<String> DPO_METRICS = Set.of("loss", "rewards/chosen", "rewards/rejected",
            "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected");

    @TempDir
    Path dir;

    /**
     * SFT then DPO on {@code arithmetic-pairs}: at step 0 the policy is its reference, so every pair's logits are 0 and
     * the eval loss is log 2; DPO then lowers it and ranks chosen above rejected on held-out pairs.
     */
    @Test
    void sftThenDpoOnTheEmbeddedPairsLowersTheEvalLoss() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("dataset", SampleWorkspace.PAIRED_DATASET,
                "lossType", LossType.DPO, "sftSteps", 40, "sftLearningRate", 2e-3, "steps", 40, "learningRate", 1e-3,
                "evalEvery", 20, "evalPrompts", 10));
        try (Workspace ws = TrainingFixture.pairedWorkspace(dir.resolve("ws"))) {
            TrainingFixture.EventLog log = new TrainingFixture.EventLog();
            List<RunSummary> summaries = new Trainer(ws).train(config, null, log, new CancellationToken());
            assertEquals(2, summaries.size());
            summaries.forEach(s -> assertEquals(RunStatus.COMPLETED, s.status(), s.message()));
            long dpoRun = summaries.get(1).runId();
            assertEquals("dpo " + SampleWorkspace.PAIRED_DATASET, TrainingFixture.run(ws, dpoRun).name());
            assertEquals(Trainer.KIND_KTO, TrainingFixture.run(ws, dpoRun).kind(), "the pipeline's alignment phase");

            List<RunEvent.Eval> evals = log.of(RunEvent.Eval.class).stream().filter(e -> e.runId() == dpoRun).toList();
            assertEquals(List.of(0L, 20L, 40L), evals.stream().map(RunEvent.Eval::step).toList());
            Map<String, Double> before = evals.get(0).metrics();
            Map<String, Double> after = evals.get(2).metrics();
            System.out.println("DPO eval before " + before + "\nDPO eval after " + after);
            assertEquals(Math.log(2), before.get("eval/loss"), 1e-4, "policy = reference: logits 0");
            assertEquals(0.0, before.get("eval/rewards/margins"), 1e-4);
            assertTrue(after.get("eval/loss") < Math.log(2) - 0.02, "eval loss fell: " + after);
            assertTrue(after.get("eval/rewards/margins") > 0, after.toString());
            assertTrue(after.get("eval/rewards/accuracies") > 0.5, after.toString());
            assertTrue(after.containsKey("winrate"), "judged by the same winrate as KTO: " + after);

            Set<String> stepMetrics = log.of(RunEvent.Step.class).stream().filter(s -> s.runId() == dpoRun)
                    .flatMap(s -> s.metrics().keySet().stream()).collect(Collectors.toSet());
            assertTrue(stepMetrics.containsAll(DPO_METRICS), stepMetrics.toString());
            assertTrue(!stepMetrics.contains("kl"), "DPO has no KL reference point: " + stepMetrics);
            assertTrue(after.keySet().containsAll(DPO_METRICS.stream().map(m -> "eval/" + m).toList()), after.toString());

            List<String> notices = log.of(RunEvent.Notice.class).stream().filter(n -> n.runId() == dpoRun)
                    .map(RunEvent.Notice::message).toList();
            assertTrue(notices.stream().anyMatch(n -> n.matches("train split: DPO on [0-9,]+ preference pairs.*")), notices.toString());
        }
    }

    @Test
    void dpoOnADatasetWithoutPairsIsRefusedBeforeARunIsMade() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("lossType", LossType.DPO));
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            long trainRows = ws.datasets().get(SampleWorkspace.DATASET).trainRows();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(ws).train(config, null, event -> {}, new CancellationToken()));
            assertEquals(String.format("dataset 'arithmetic-kto' has no preference pairs for DPO in its train split (0 of"
                    + " its %,d train rows have a pair_id; a pair is the two rows of one pair_id, with one prompt, one"
                    + " desirable and one undesirable, as the import makes of prompt/chosen/rejected rows): DPO needs at"
                    + " least 2; train it on paired data (the embedded 'arithmetic-pairs') or choose loss type KTO",
                    trainRows), refused.getMessage());
            assertTrue(ws.runs().listRuns().isEmpty(), "no run was made");
            assertThrows(IllegalArgumentException.class, () -> new Trainer(ws).validate(config, null));
        }
    }

    /**
     * Cancelled at step 12 and resumed from the checkpoint at 10, a DPO run records exactly what an uninterrupted one
     * does. 40 pairs (32 train, batch 8: 4 batches an epoch) with cached reference log-probs, so the resume falls in
     * epoch 2 with an empty cache.
     */
    @Test
    void aCancelledDpoRunResumesFromItsCheckpointToTheSameNumbers() throws IOException {
        RunConfig config = TrainingFixture.tinyRun(Map.of("dataset", "pairs", "lossType", LossType.DPO, "sftSteps", 0,
                "steps", 20, "checkpointEvery", 5, "evalEvery", 5, "precomputeReference", true));
        List<MetricPoint> uninterrupted;
        List<SampleRecord> uninterruptedSamples;
        try (Workspace ws = smallPairedWorkspace(dir.resolve("a"))) {
            RunSummary done = new Trainer(ws).train(config, null, event -> {}, new CancellationToken()).get(0);
            assertEquals(RunStatus.COMPLETED, done.status(), done.message());
            uninterrupted = TrainingFixture.metricsWithoutTiming(ws, done.runId());
            uninterruptedSamples = samples(ws, done.runId());
        }
        try (Workspace ws = smallPairedWorkspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            RunSummary first = new Trainer(ws).train(config, null,
                    TrainingFixture.cancelAt(RunEvent.Phase.KTO, 12, cancel), cancel).get(0);
            assertEquals(RunStatus.CANCELLED, first.status());
            assertEquals(10, ws.runs().latestCheckpoint(first.runId()).orElseThrow().step());

            TrainingFixture.EventLog resumed = new TrainingFixture.EventLog();
            RunSummary second = new Trainer(ws).resume(first.runId(), resumed, new CancellationToken()).get(0);
            assertEquals(RunStatus.COMPLETED, second.status(), second.message());
            assertEquals(11, resumed.of(RunEvent.Step.class).get(0).step());
            assertEquals(uninterrupted, TrainingFixture.metricsWithoutTiming(ws, first.runId()));
            assertEquals(uninterruptedSamples, samples(ws, first.runId()));
            assertTrue(uninterrupted.stream().anyMatch(p -> p.name().equals("rewards/accuracies")), uninterrupted.toString());
        }
    }

    /**
     * On a Hugging Face model folder (tiny Qwen2 with a chat template) the rows are tokenized as TRL does and max length
     * drops those whose prompt fills it: pairs are formed over the rows that remain, and the pairs that lost a row are
     * counted. Rows as in {@code ModelFolderRunTest}: every third prompt is 11 tokens long, over max length 8.
     */
    @Test
    void dpoOnAModelFolderPairsTheTokenizedRowsAndCountsThePairsMaxLengthDropped() throws IOException {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen2();
        Path model = TinyCheckpoints.write(dir.resolve("qwen2"), spec, "BF16", false);
        TinyCheckpoints.writeTokenizer(model, spec, TinyCheckpoints.CHAT_TEMPLATE);
        StringBuilder rows = new StringBuilder();
        for (int p = 0; p < 12; p++) {
            String words = p % 3 == 0 ? "w1 w2 w3 w4 w5 w6 w7 w" + (8 + p) : "w" + (1 + p);
            for (boolean label : new boolean[] {true, false}) {
                rows.append("{\"prompt\": [{\"role\": \"user\", \"content\": \"").append(words)
                        .append("\"}], \"completion\": [{\"role\": \"assistant\", \"content\": \"")
                        .append(label ? "w40 w41" : "w50 w51 w52").append("\"}], \"label\": ").append(label)
                        .append(", \"pair_id\": \"p").append(p).append("\"}\n");
            }
        }
        Path file = Files.writeString(dir.resolve("chat.jsonl"), rows);
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            DatasetChanges.importWithEvalSplit(ws, file, ImportOptions.strict("chat"), ImportProgress.NONE);
            List<Example> train = ws.datasets().examples("chat", Split.TRAIN);
            long longPairs = train.stream().filter(e -> e.prompt().contains("w7")).count() / 2;
            long shortPairs = train.size() / 2 - longPairs;
            assertTrue(longPairs > 0 && shortPairs >= 2, "the split keeps long and short prompts in train");

            RunConfig config = RunConfigJson.withOverrides(RunConfig.pretrainedDefaults(model), Map.of("dataset", "chat",
                    "lossType", LossType.DPO, "maxLength", 8, "steps", 3, "batchSize", 2, "learningRate", 1e-3,
                    "evalEvery", 0, "checkpointEvery", 0));
            TrainingFixture.EventLog log = new TrainingFixture.EventLog();
            RunSummary run = new Trainer(ws).train(config, null, log, new CancellationToken()).get(0);
            assertEquals(RunStatus.COMPLETED, run.status(), run.message());
            List<String> notices = log.of(RunEvent.Notice.class).stream().map(RunEvent.Notice::message).toList();
            assertTrue(notices.contains(String.format("train split: DPO on %d preference pairs (%d of its %d rows); %d pairs"
                    + " lost a row to the max length", shortPairs, 2 * shortPairs, train.size(), longPairs)), notices.toString());
            assertTrue(Double.isFinite(run.lastMetrics().get("loss")), run.lastMetrics().toString());
            assertTrue(run.lastMetrics().containsKey("rewards/accuracies"), run.lastMetrics().toString());
        }
    }

    private static List<SampleRecord> samples(Workspace ws, long runId) {
        List<SampleRecord> all = new ArrayList<>();
        for (long step : ws.runs().sampleSteps(runId)) all.addAll(ws.runs().samples(runId, step));
        return all;
    }

    /** 40 prompt/chosen/rejected rows of the task, imported (80 unpaired rows) and split 20% by prompt. */
    private static Workspace smallPairedWorkspace(Path wsDir) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String digits = String.valueOf(100 + 7 * i);
            rows.append("{\"prompt\":\"inc ").append(digits).append("=\",\"chosen\":\"")
                    .append(DigitIncrementTask.answer(digits)).append("\",\"rejected\":\"").append(digits).append("\"}\n");
        }
        Files.createDirectories(wsDir);
        Path file = Files.writeString(wsDir.resolve("pairs.jsonl"), rows);
        Workspace ws = Workspace.open(wsDir);
        ws.datasets().importFile(file, ImportOptions.strict("pairs"));
        ws.datasets().split("pairs", 0.2, 0);
        return ws;
    }
}
