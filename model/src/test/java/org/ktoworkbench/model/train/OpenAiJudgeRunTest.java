package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.eval.SampleEvaluation;
import org.ktoworkbench.model.eval.openai.JudgeServer;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs whose winrate is judged by an OpenAI-compatible server on loopback. */
class OpenAiJudgeRunTest {
    @TempDir
    Path dir;

    @Test
    void aJudgeThatAnswersGarbageMarksEachEvalPointFailedAndTheRunCompletes() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> JudgeServer.Reply.says("I cannot judge this."));
             Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 4, "evalEvery", 2, "evalPrompts", 3,
                    "judge", "openai:" + server.baseUrl() + "#judge"));
            TrainingFixture.EventLog log = new TrainingFixture.EventLog();
            List<RunSummary> summaries = new Trainer(ws).train(config, null, log, new CancellationToken());

            assertEquals(1, summaries.size());
            RunSummary run = summaries.get(0);
            assertEquals(RunStatus.COMPLETED, run.status(), run.message());
            assertEquals(4, run.stepsDone());
            assertTrue(Files.isDirectory(new RunPaths(ws.directory(), run.runId()).finalModel()), "the final model is saved");

            List<RunEvent.Eval> evals = log.of(RunEvent.Eval.class);
            assertEquals(List.of(0L, 2L, 4L), evals.stream().map(RunEvent.Eval::step).toList());
            String why = "the judge failed, so this point has no winrate: judge server " + server.baseUrl()
                    + "/chat/completions answered neither A nor B: \"I cannot judge this.\"";
            for (RunEvent.Eval eval : evals) {
                assertEquals(1.0, eval.metrics().get(SampleEvaluation.FAILED_METRIC), "step " + eval.step());
                assertFalse(eval.metrics().containsKey("winrate"), "no winrate where nothing was judged: " + eval.metrics());
                assertTrue(eval.metrics().containsKey("eval/loss"), "the eval split's loss is still measured: " + eval.metrics());
            }
            assertEquals(List.of("eval at step 0: " + why, "eval at step 2: " + why, "eval at step 4: " + why),
                    log.of(RunEvent.Notice.class).stream().map(RunEvent.Notice::message).toList());

            List<MetricPoint> failed = ws.runs().metrics(run.runId()).stream()
                    .filter(p -> p.name().equals(SampleEvaluation.FAILED_METRIC)).toList();
            assertEquals(List.of(0L, 2L, 4L), failed.stream().map(MetricPoint::step).toList());
            List<SampleRecord> samples = ws.runs().samples(run.runId(), 4);
            assertEquals(3, samples.size(), "the unjudged samples are kept");
            for (SampleRecord s : samples) {
                assertEquals(SampleEvaluation.NOT_JUDGED, s.verdict());
                assertEquals("judge failed: judge server " + server.baseUrl() + "/chat/completions answered neither A nor B:"
                        + " \"I cannot judge this.\"", s.judgeAnswer());
            }
            assertEquals(RunStatus.COMPLETED, TrainingFixture.run(ws, run.runId()).status());
        }
    }

    /**
     * The real environment of a child JVM carries the key: it reaches the server in the Authorization header and
     * nothing the run writes (workspace database, run folders, the console) holds it.
     */
    @Test
    void theApiKeyFromTheEnvironmentReachesTheServerAndIsWrittenNowhere() throws Exception {
        String key = "sk-test-" + Long.toHexString(System.nanoTime()) + "-do-not-store";
        Path wsDir = dir.resolve("ws");
        TrainingFixture.sampleWorkspace(wsDir).close();
        Path consoleLog = dir.resolve("child.log");
        try (JudgeServer server = JudgeServer.start(request -> JudgeServer.Reply.says("A"))) {
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.ktoworkbench.model.cli.Cli", "train",
                    "--workspace", wsDir.toString(), "--sft-steps", "0", "--steps", "4", "--eval-every", "2",
                    "--eval-prompts", "3", "--checkpoint-every", "2", "--layers", "1", "--d-model", "16", "--heads", "2",
                    "--context", "24", "--batch", "4", "--judge", "openai:" + server.baseUrl() + "#judge-model")
                    .redirectErrorStream(true).redirectOutput(consoleLog.toFile());
            child.environment().remove("OPENAI_API_KEY");
            child.environment().put("KTO_JUDGE_API_KEY", key);
            Process process = child.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the child did not finish:\n" + Files.readString(consoleLog));
            }
            String console = Files.readString(consoleLog);
            assertEquals(0, process.exitValue(), console);

            assertEquals(18, server.requestCount(), "3 eval points x 3 prompts x 2 orders");
            assertTrue(server.requests().stream().allMatch(r -> ("Bearer " + key).equals(r.authorization())),
                    "every request carries the key");
            try (Workspace ws = Workspace.open(wsDir)) {
                RunInfo run = ws.runs().listRuns().get(0);
                assertTrue(run.configJson().contains("openai:" + server.baseUrl() + "#judge-model"), run.configJson());
                assertEquals(0.5, ws.runs().metrics(run.id()).stream()
                        .filter(p -> p.name().equals("winrate") && p.step() == 4).findFirst().orElseThrow().value(),
                        "a judge that always answers A ties every pair once both orders are asked");
                for (SampleRecord s : ws.runs().samples(run.id(), 4)) {
                    assertEquals("tie", s.verdict());
                    assertEquals("A shown first: A\nB shown first: A", s.judgeAnswer());
                }
            }
            assertEquals(List.of(), filesHolding(dir, key), "files that hold the API key");
            assertFalse(filesHolding(wsDir, "openai:" + server.baseUrl() + "#judge-model").isEmpty(),
                    "the search finds what the run did store (its config names the judge)");
        }
    }

    private static List<Path> filesHolding(Path root, String text) throws IOException {
        List<Path> holding = new ArrayList<>();
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(file), needle)) holding.add(file);
            }
        }
        return holding;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
