package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.RunOwnerMain;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train}, {@code runs}, {@code show}, {@code export-metrics}, {@code generate} and {@code resume} on a real workspace. */
class TrainCliTest {
    private static final Pattern RUN_LINE = Pattern.compile("(?m)^(sft|kto) run (\\d+) completed after (\\d+) steps$");

    /**
     * {@code command} with the flags of a tiny run, SFT 4 steps then KTO 6 steps of a 1-layer GPT (d 16), well under a
     * second of training; {@code changes} are flag/value pairs that replace or add to those flags.
     */
    private static String[] tiny(String command, String... changes) {
        Map<String, String> flags = new LinkedHashMap<>();
        String[] defaults = {"--sft-steps", "4", "--steps", "6", "--eval-every", "3", "--eval-prompts", "5",
                "--checkpoint-every", "3", "--layers", "1", "--d-model", "16", "--heads", "2", "--context", "24", "--batch", "4"};
        for (int i = 0; i < defaults.length; i += 2) flags.put(defaults[i], defaults[i + 1]);
        for (int i = 0; i < changes.length; i += 2) flags.put(changes[i], changes[i + 1]);
        List<String> args = new ArrayList<>(List.of(command));
        flags.forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        return args.toArray(String[]::new);
    }

    @TempDir
    Path dir;

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private CliRunner.Result cli(String... args) {
        String[] withWorkspace = Arrays.copyOf(args, args.length + 2);
        withWorkspace[args.length] = "--workspace";
        withWorkspace[args.length + 1] = ws();
        return CliRunner.run(withWorkspace);
    }

    @Test
    void trainThenListShowExportGenerateAndRefuseToResumeACompletedRun() throws IOException {
        CliRunner.Result train = cli(tiny("train"));
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("imported the embedded sample dataset as 'arithmetic-kto'"), train.out());
        Matcher runs = RUN_LINE.matcher(train.out());
        assertTrue(runs.find(), train.out());
        String sftRun = runs.group(2);
        assertEquals("4", runs.group(3));
        assertTrue(runs.find(), train.out());
        String ktoRun = runs.group(2);
        assertEquals("6", runs.group(3));
        assertTrue(train.out().lines().anyMatch(l -> l.matches("summary: sft desirable \\d\\.\\d{3}, sft loss \\d+\\.\\d{4},"
                + " winrate \\d\\.\\d{3} \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\] against the reference, kto desirable \\d\\.\\d{3},"
                + " kto loss \\d+\\.\\d{4}")), train.out());
        assertTrue(train.out().contains("eval @ step 6:  winrate"), train.out());

        CliRunner.Result list = cli("runs");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("\\s*" + sftRun + "\\s+sft\\s+.*completed\\s+4\\s+.*")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("\\s*" + ktoRun + "\\s+kto\\s+.*\\s" + sftRun
                + "\\s+completed\\s+6\\s+\\d+\\.\\d{4}\\s+\\d\\.\\d{3}\\s.*")), list.out());

        CliRunner.Result show = cli("show", ktoRun);
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().startsWith("run " + ktoRun + " (kto)"), show.out());
        assertTrue(show.out().contains("status completed — completed 6 steps"), show.out());
        assertTrue(show.out().contains("started from run " + sftRun), show.out());
        assertTrue(show.out().contains("model: " + Path.of(ws(), "runs", ktoRun, "final")
                + " (safetensors weights and config.json)"), show.out());
        assertTrue(show.out().contains("\"beta\" : 0.1"), show.out());
        assertTrue(show.out().lines().anyMatch(l -> l.matches("rewards/margins\\s+6\\s+.*")), show.out());
        assertTrue(show.out().contains("samples at step 6:"), show.out());

        Path csv = dir.resolve("metrics.csv");
        CliRunner.Result export = cli("export-metrics", ktoRun, csv.toString());
        assertEquals(0, export.code(), export.err());
        assertEquals("wrote 7 steps to " + csv + "\n", export.out());
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals("step", header.get(0));
        assertTrue(header.containsAll(List.of("loss", "rewards/chosen", "rewards/margins", "kl", "grad_norm", "winrate",
                "eval/loss")), header.toString());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), lines.stream().skip(1).map(l -> l.split(",")[0]).toList());
        lines.stream().skip(1).forEach(l -> assertEquals(header.size(), l.split(",", -1).length, l));
        Files.writeString(csv, "my notes\n");
        CliRunner.Result overwrite = cli("export-metrics", ktoRun, csv.toString());
        assertEquals(1, overwrite.code());
        assertEquals("error: " + csv + ": already exists; not replaced (--force replaces it)\n", overwrite.err());
        assertEquals("my notes\n", Files.readString(csv));
        assertEquals(0, cli("export-metrics", ktoRun, csv.toString(), "--force").code());
        assertEquals(lines, Files.readAllLines(csv));

        CliRunner.Result generate = cli("generate", ktoRun, "--prompt", "inc 123=", "--max-new-tokens", "4");
        assertEquals(0, generate.code(), generate.err());
        assertTrue(generate.out().startsWith("inc 123="), generate.out());

        CliRunner.Result resume = cli("resume", ktoRun);
        assertEquals(1, resume.code());
        assertEquals("error: run " + ktoRun + " already completed; nothing to resume\n", resume.err());

        Path ktoFiles = Path.of(ws(), "runs", ktoRun);
        assertTrue(Files.isDirectory(ktoFiles.resolve("final")), "a completed run has its model on disk");
        CliRunner.Result baseFirst = cli("delete-run", sftRun);
        assertEquals(1, baseFirst.code());
        assertEquals("error: run " + sftRun + " is the base of run " + ktoRun + "; delete that run first\n", baseFirst.err());
        CliRunner.Result delete = cli("delete-run", ktoRun);
        assertEquals(0, delete.code(), delete.err());
        assertTrue(delete.out().startsWith("deleted run " + ktoRun + " (kto "), delete.out());
        assertFalse(Files.exists(ktoFiles), "its checkpoints and model are gone");
        assertTrue(Files.isDirectory(Path.of(ws(), "runs", sftRun, "final")), "the base run's files stay");
        assertFalse(cli("runs").out().lines().anyMatch(l -> l.matches("\\s*" + ktoRun + "\\s+kto.*")));
        assertEquals(0, cli("delete-run", sftRun).code());

        long training;
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            training = ws.runs().createRun("live", "kto", "arithmetic-kto", "{}", null);
            ws.runs().setStatus(training, RunStatus.RUNNING, null);
        }
        CliRunner.Result inUse = cli("delete-dataset", "arithmetic-kto");
        assertEquals(1, inUse.code());
        assertEquals("error: dataset 'arithmetic-kto' is in use by run " + training + ", which is training\n", inUse.err());
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            ws.runs().setStatus(training, RunStatus.CANCELLED, null);
        }
        CliRunner.Result deleteData = cli("delete-dataset", "arithmetic-kto");
        assertEquals(0, deleteData.code(), deleteData.err());
        assertEquals("deleted dataset 'arithmetic-kto'\nruns that trained on it keep their records: #" + training + "\n",
                deleteData.out());
        assertTrue(cli("datasets").out().startsWith("no datasets"));
        CliRunner.Result again = cli("delete-dataset", "arithmetic-kto");
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("error: "), again.err());
    }

    @Test
    void aBadConfigFileNamesTheFileAndTheField() throws IOException {
        Path config = dir.resolve("run.json");
        Files.writeString(config, "{\"beta\": 0.2, \"model\": {\"layers\": \"two\"}}");
        CliRunner.Result bad = cli("train", "--config", config.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("error: " + config + ": field 'model.layers'"), bad.err());

        Files.writeString(config, "{\"beta\": 0.2,,}");
        CliRunner.Result malformed = cli("train", "--config", config.toString());
        assertEquals(1, malformed.code());
        assertTrue(malformed.err().startsWith("error: " + config + ": malformed JSON at line 1, column"), malformed.err());

        Path absent = dir.resolve("absent.json");
        CliRunner.Result missing = cli("train", "--config", absent.toString());
        assertEquals(1, missing.code());
        assertEquals("error: " + absent + ": no such file\n", missing.err());
        assertFalse(Files.exists(dir.resolve("ws").resolve("runs")), "nothing was trained");
    }

    @Test
    void aConfigFileSavedByTrainIsReadBackWithFlagsOnTop() throws IOException {
        Path config = dir.resolve("saved.json");
        CliRunner.Result save = cli(tiny("train", "--save-config", config.toString()));
        assertEquals(0, save.code(), save.err());
        assertTrue(Files.readString(config).contains("\"sftSteps\" : 4"), Files.readString(config));
        CliRunner.Result train = cli("train", "--config", config.toString(), "--sft-steps", "0", "--steps", "2",
                "--eval-every", "0");
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("kto run 1 completed after 2 steps"), train.out());
        assertTrue(train.out().lines().anyMatch(l -> l.matches("summary: kto loss \\d+\\.\\d{4}")), train.out());
    }

    @Test
    void aBatchOfOneIsRefusedWithTheKlPairReason() {
        CliRunner.Result refused = cli(tiny("train", "--batch", "1"));
        assertEquals(1, refused.code());
        assertTrue(refused.err().startsWith("error: invalid run config: [batchSize: must be at least 2: each row's KL"
                + " reference pairs it with the next row's completion]"), refused.err());
    }

    /** Fails unless the workspace holds no dataset and no run: a refused request imported and created nothing. */
    @Test
    void aRewardModelJudgeWhoseFolderIsNoRewardModelIsRefusedBeforeAnythingIsCreated() throws IOException {
        Path causal = TinyCheckpoints.write(dir.resolve("causal"), TinyCheckpoints.gpt2(), "F32", false);
        CliRunner.Result refused = cli(tiny("train", "--judge", "reward-model:" + causal));
        assertNothingCreated(refused);
        assertEquals("error: invalid run config: [judge: judge 'reward-model:" + causal + "': "
                + causal.resolve("config.json") + ": field 'architectures' is 'GPT2LMHeadModel': not a reward model"
                + " (expected one of GPT2ForSequenceClassification, GPTNeoXForSequenceClassification,"
                + " LlamaForSequenceClassification, MistralForSequenceClassification, Qwen2ForSequenceClassification,"
                + " Qwen3ForSequenceClassification)]\n", refused.err());
    }

    private void assertNothingCreated(CliRunner.Result refused) {
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertEquals(1, refused.err().lines().count(), "one line of error: " + refused.err());
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            assertEquals(List.of(), ws.datasets().list(), "no dataset imported");
            assertEquals(List.of(), ws.runs().listRuns(), "no run created");
        }
    }

    @Test
    void aModelThatCannotFitInMemoryIsRefusedBeforeAnythingIsCreated() {
        CliRunner.Result refused = cli(tiny("train", "--layers", "1000", "--d-model", "8192"));
        assertNothingCreated(refused);
        assertTrue(refused.err().matches("error: the run needs about \\d+\\.\\d TiB of memory \\(kto phase, [\\d,]+ parameters\\)"
                + " but \\d+\\.\\d \\w+ is available: weights .*, gradients .*, AdamW moments .*, reference copy .*,"
                + " activations \\(1 pass of batch 4 × 24 tokens, the context: the dataset is not in the workspace yet\\)"
                + " .*\\. Use fewer layers or a smaller dModel .*\\n"),
                refused.err());
    }

    @Test
    void theWholeRequestIsCheckedBeforeTheSampleDatasetIsImportedOrARunCreated() throws IOException {
        CliRunner.Result judge = cli(tiny("train", "--judge", "gpt4"));
        assertNothingCreated(judge);
        assertEquals("error: invalid run config: [judge: unknown judge 'gpt4'; known judges: arithmetic, openai:URL[#model], reward-model:DIR[#margin=M]]\n", judge.err());

        CliRunner.Result steps = cli(tiny("train", "--steps", "-5"));
        assertNothingCreated(steps);
        assertEquals("error: invalid run config: [steps: must be 0 or more]\n", steps.err());

        CliRunner.Result base = cli(tiny("train", "--base-run", "9"));
        assertNothingCreated(base);
        assertEquals("error: no run 9 to start from\n", base.err());

        Path absent = dir.resolve("absent.jsonl");
        CliRunner.Result dataset = cli(tiny("train", "--dataset", absent.toString()));
        assertNothingCreated(dataset);
        assertEquals("error: no dataset named '" + absent + "' in the workspace, and no such file\n", dataset.err());

        Path config = dir.resolve("run.json");
        Files.writeString(config, "{\"steps\": -5, \"judge\": \"gpt4\"}");
        CliRunner.Result values = cli("train", "--config", config.toString());
        assertNothingCreated(values);
        assertEquals("error: " + config + ": invalid run config: [steps: must be 0 or more, judge: unknown judge 'gpt4';"
                + " known judges: arithmetic, openai:URL[#model], reward-model:DIR[#margin=M]]\n", values.err());

        Files.writeString(config, "{\"beta\": 0.1,\n \"beta\": 5}");
        CliRunner.Result duplicate = cli("train", "--config", config.toString());
        assertNothingCreated(duplicate);
        assertTrue(duplicate.err().startsWith("error: " + config + ": malformed JSON at line 2, column ")
                && duplicate.err().contains("Duplicate field 'beta'"), duplicate.err());

        Path saved = dir.resolve("saved.json");
        CliRunner.Result save = cli(tiny("train", "--batch", "1", "--save-config", saved.toString()));
        assertEquals(1, save.code());
        assertTrue(save.err().startsWith("error: invalid run config: [batchSize: must be at least 2"), save.err());
        assertFalse(Files.exists(saved), "an invalid config is not saved");
    }

    @Test
    void aRunThatGoesNonFiniteExitsNonZeroWithTheReason() {
        CliRunner.Result failed = cli(tiny("train", "--sft-steps", "0", "--lr", "1e30"));
        assertEquals(1, failed.code(), failed.out());
        assertTrue(failed.out().contains("kto run 1 failed after 2 steps: stopped at step 3: loss is NaN"), failed.out());
    }

    @Test
    void aDatasetFileIsImportedAndTrainedOn() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append("{\"prompt\":\"inc ").append(100 + i).append("=\",\"completion\":\"").append(211 + i)
                    .append("\",\"label\":").append(i % 3 != 0).append("}\n");
        }
        Path file = dir.resolve("mine.jsonl");
        Files.writeString(file, rows);
        CliRunner.Result train = cli(tiny("train", "--dataset", file.toString(), "--sft-steps", "0", "--steps", "2"));
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("imported " + file + " as 'mine' and held out 10% of its prompts"), train.out());
        CliRunner.Result list = cli("runs");
        assertTrue(list.out().lines().anyMatch(l -> l.matches("\\s*1\\s+kto\\s+.*\\smine\\s+.*completed.*")), list.out());
    }

    @Test
    void runNamesSamplesAndGeneratedTextArePrintedWithTheirControlCharactersEscaped() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append("{\"prompt\":\"\\u001b]0;pwned\\u0007inc ").append(100 + i).append("=\",\"completion\":\"")
                    .append(211 + i).append("\",\"label\":").append(i % 3 != 0).append("}\n");
        }
        Path file = dir.resolve("evil.jsonl");
        Files.writeString(file, rows);
        CliRunner.Result train = cli(tiny("train", "--dataset", file.toString(), "--name", "r\u001b[2J", "--sft-steps", "0",
                "--steps", "2", "--eval-every", "2", "--eval-prompts", "2")).assertTerminalSafe();
        assertEquals(0, train.code(), train.out() + train.err());

        assertTrue(cli("runs").assertTerminalSafe().out().contains("r\\e[2J · kto"));
        CliRunner.Result show = cli("show", "1").assertTerminalSafe();
        assertTrue(show.out().startsWith("run 1 (kto) r\\e[2J · kto on evil"), show.out());
        assertTrue(show.out().contains("\\e]0;pwned\\u0007inc 1"), "the samples' prompts: " + show.out());
        CliRunner.Result generate = cli("generate", "1", "--prompt", "\u001b[2Jinc 1=\n", "--max-new-tokens", "3")
                .assertTerminalSafe();
        assertEquals(1, generate.lines().size(), generate.out());
        assertTrue(generate.out().startsWith("\\e[2Jinc 1=\\n"), generate.out());
    }

    @Test
    void ktoStartsFromACompletedBaseRunOnly() {
        CliRunner.Result sftOnly = cli(tiny("train", "--steps", "0"));
        assertEquals(0, sftOnly.code(), sftOnly.out() + sftOnly.err());
        assertTrue(sftOnly.out().contains("sft run 1 completed after 4 steps"), sftOnly.out());
        assertFalse(sftOnly.out().contains("kto run"), sftOnly.out());

        // asking for another model size is overridden: the run trains (and records) the base's model
        CliRunner.Result kto = cli(tiny("train", "--base-run", "1", "--steps", "2", "--d-model", "32", "--context", "48"));
        assertEquals(0, kto.code(), kto.out() + kto.err());
        assertTrue(kto.out().contains("kto run 2 completed after 2 steps"), kto.out());
        assertFalse(kto.out().contains("sft run"), "no second SFT run: " + kto.out());
        String show = cli("show", "2").out();
        assertTrue(show.contains("started from run 1"), show);
        assertTrue(show.contains("\"dModel\" : 16") && show.contains("\"contextLength\" : 24"), show);

        CliRunner.Result missing = cli(tiny("train", "--base-run", "9"));
        assertEquals(1, missing.code());
        assertEquals("error: no run 9 to start from\n", missing.err());
        CliRunner.Result failedBase = cli(tiny("train", "--sft-steps", "0", "--lr", "1e30"));
        assertEquals(1, failedBase.code(), failedBase.out());
        CliRunner.Result notCompleted = cli(tiny("train", "--base-run", "3"));
        assertEquals(1, notCompleted.code());
        assertEquals("error: run 3 is failed; only a completed run's model can be a base\n", notCompleted.err());
    }

    @Test
    void commandsOnAMissingRunSayWhichRun() {
        CliRunner.Result show = cli("show", "42");
        assertEquals(1, show.code());
        assertTrue(show.err().startsWith("error: no run 42 in workspace"), show.err());
        CliRunner.Result resume = cli("resume", "42");
        assertEquals(1, resume.code());
        assertTrue(resume.err().startsWith("error: no run 42 in workspace"), resume.err());
    }

    /**
     * A run reads as training while another process holds its lock (here a process that hangs): {@code resume} and
     * {@code delete-run} refuse it and name {@code --force}; with it, resume takes the run over and delete-run deletes it.
     */
    @Test
    void resumeAndDeleteRunRefuseARunThatReadsAsTrainingUnlessForced() throws Exception {
        RunOwnerMain.Owner owner = RunOwnerMain.start(Path.of(ws()), RunStatus.RUNNING, SampleWorkspace.DATASET,
                tinyConfig("stuck"), "stuck", "doomed");
        long stuck = owner.runs().get(0);
        long doomed = owner.runs().get(1);
        try {
            CliRunner.Result refused = cli("resume", Long.toString(stuck));
            assertEquals(1, refused.code(), refused.out());
            assertEquals("error: run " + stuck + " is training in another process (pid " + owner.pid() + "); if you know"
                    + " it is not (its process hung or its machine restarted), run: kto-workbench resume " + stuck
                    + " --force\n", refused.err());

            CliRunner.Result forced = cli("resume", Long.toString(stuck), "--force");
            assertEquals(0, forced.code(), forced.out() + forced.err());
            assertTrue(forced.out().contains("kto run " + stuck + " completed after 6 steps"), forced.out());
            assertTrue(forced.out().startsWith("warning: run " + doomed + " (doomed, pid " + owner.pid() + ") is training"
                    + " on this workspace already"), "the other run it still holds is named first:\n" + forced.out());

            CliRunner.Result keep = cli("delete-run", Long.toString(doomed));
            assertEquals(1, keep.code());
            assertTrue(keep.err().startsWith("error: run " + doomed + " is training in another process"), keep.err());
            assertTrue(keep.err().endsWith("run: kto-workbench delete-run " + doomed + " --force\n"), keep.err());
            CliRunner.Result deleted = cli("delete-run", Long.toString(doomed), "--force");
            assertEquals(0, deleted.code(), deleted.err());
            assertEquals("deleted run " + doomed + " (kto doomed)\n", deleted.out());
        } finally {
            owner.kill();
        }
        try (Workspace w = Workspace.open(Path.of(ws()))) {
            assertEquals(List.of(stuck), w.runs().listRuns().stream().map(r -> r.id()).toList());
            assertEquals(RunStatus.COMPLETED, w.runs().run(stuck).orElseThrow().status());
        }
    }

    @Test
    void trainWarnsBeforeItStartsWhenAnotherProcessTrainsOnTheWorkspace() throws Exception {
        RunOwnerMain.Owner owner = RunOwnerMain.start(Path.of(ws()), RunStatus.RUNNING, SampleWorkspace.DATASET,
                tinyConfig("busy"), "busy");
        long busy = owner.runs().get(0);
        CliRunner.Result train;
        try {
            train = cli(tiny("train", "--sft-steps", "0"));
        } finally {
            owner.kill();
        }
        assertEquals(0, train.code(), train.out() + train.err());
        String warning = "warning: run " + busy + " (busy, pid " + owner.pid() + ") is training on this workspace already;"
                + " trainings at once share the CPU cores and each runs several times slower than alone";
        assertTrue(train.out().contains(warning), train.out());
        assertTrue(train.out().indexOf(warning) < train.out().indexOf("kto run "), "before training starts:\n" + train.out());
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores >= 2) {
            assertTrue(train.out().contains("to share the " + cores + " cores, this training uses " + cores / 2 + " thread"),
                    train.out());
        }

        CliRunner.Result alone = cli(tiny("train", "--sft-steps", "0"));
        assertEquals(0, alone.code(), alone.out() + alone.err());
        assertFalse(alone.out().contains("warning: run"), "its owner is gone:\n" + alone.out());
    }

    /** The tiny KTO config on the sample dataset (which it adds to the workspace), as {@code train} would store it. */
    private String tinyConfig(String name) throws IOException {
        Path config = dir.resolve(name + ".json");
        CliRunner.Result saved = cli(tiny("train", "--sft-steps", "0", "--save-config", config.toString()));
        assertEquals(0, saved.code(), saved.err());
        try (Workspace w = Workspace.open(Path.of(ws()))) {
            SampleWorkspace.ensureSampleDataset(w);
        }
        return Files.readString(config);
    }
}
