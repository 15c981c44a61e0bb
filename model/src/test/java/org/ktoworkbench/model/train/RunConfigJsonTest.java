package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.kto.LossType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunConfigJsonTest {
    @TempDir
    Path dir;

    @Test
    void defaultsRoundTripThroughJsonAndAFile() throws IOException {
        RunConfig defaults = RunConfig.defaults();
        assertEquals(defaults, RunConfigJson.fromJson(RunConfigJson.toJson(defaults)));

        RunConfig changed = RunConfigJson.withOverrides(defaults, Map.of("name", "mine", "lossType", LossType.APO_ZERO_UNPAIRED,
                "model", new ModelSpec(3, 64, 4, 40), "seed", 7L));
        Path file = dir.resolve("run.json");
        RunConfigJson.write(changed, file);
        assertEquals(changed, RunConfigJson.read(file));
        assertTrue(Files.readString(file).contains("\"lossType\" : \"APO_ZERO_UNPAIRED\""), Files.readString(file));
    }

    @Test
    void aPartialConfigTakesTheRestFromTheDefaults() {
        RunConfig config = RunConfigJson.fromJson("{\"beta\": 0.25, \"model\": {\"layers\": 3}, \"judge\": \"other\"}");
        RunConfig defaults = RunConfig.defaults();
        assertEquals(0.25, config.beta());
        assertEquals("other", config.judge());
        assertEquals(new ModelSpec(3, defaults.model().dModel(), defaults.model().heads(), defaults.model().contextLength()),
                config.model());
        assertEquals(defaults.steps(), config.steps());
        assertEquals(defaults.learningRate(), config.learningRate());
        assertEquals(defaults.seed(), config.seed());
        assertEquals(defaults, RunConfigJson.fromJson("{}"));
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() {
        RunConfigException top = assertThrows(RunConfigException.class, () -> RunConfigJson.fromJson("{\"betta\": 0.2}"));
        assertTrue(top.getMessage().startsWith("unknown field 'betta'"), top.getMessage());
        assertTrue(top.getMessage().contains("beta, "), top.getMessage());

        RunConfigException nested = assertThrows(RunConfigException.class,
                () -> RunConfigJson.fromJson("{\"model\": {\"layerz\": 3}}"));
        assertTrue(nested.getMessage().startsWith("unknown field 'model.layerz'"), nested.getMessage());
        assertTrue(nested.getMessage().contains("layers"), nested.getMessage());
    }

    @Test
    void aWrongTypeNamesTheField() {
        assertMessage("{\"steps\": \"many\"}", "field 'steps'");
        assertMessage("{\"steps\": null}", "field 'steps'");
        assertMessage("{\"model\": {\"heads\": [4]}}", "field 'model.heads'");
        assertMessage("{\"lossType\": \"ORPO\"}", "field 'lossType'");
        assertMessage("{\"steps\": 1.5}", "field 'steps'");
        assertMessage("[1, 2]", "a run config must be a JSON object");
    }

    @Test
    void malformedJsonGivesLineAndColumnAndTheFileName() throws IOException {
        RunConfigException inline = assertThrows(RunConfigException.class,
                () -> RunConfigJson.fromJson("{\n  \"beta\": 0.2,\n  \"steps\": }"));
        assertTrue(inline.getMessage().startsWith("malformed JSON at line 3, column"), inline.getMessage());

        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"beta\": 0.2, \"lambdaD\": \"high\"}");
        RunConfigException fromFile = assertThrows(RunConfigException.class, () -> RunConfigJson.read(file));
        assertTrue(fromFile.getMessage().startsWith(file + ": field 'lambdaD'"), fromFile.getMessage());
    }

    @Test
    void aRepeatedFieldIsAnErrorAsInADatasetFile() {
        RunConfigException e = assertThrows(RunConfigException.class,
                () -> RunConfigJson.fromJson("{\"beta\": 0.1,\n \"model\": {\"layers\": 2, \"layers\": 3}}"));
        assertTrue(e.getMessage().startsWith("malformed JSON at line 2, column"), e.getMessage());
        assertTrue(e.getMessage().contains("Duplicate field 'layers'"), e.getMessage());
    }

    @Test
    void aFileWithValuesThatCannotRunNamesTheFileAndTheFields() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"batchSize\": 1, \"judge\": \"gpt4\"}");
        RunConfigException e = assertThrows(RunConfigException.class, () -> RunConfigJson.read(file));
        assertEquals(file + ": invalid run config: [batchSize: must be at least 2: each row's KL reference pairs it with"
                + " the next row's completion, judge: unknown judge 'gpt4'; known judges: arithmetic, openai:URL[#model], reward-model:DIR[#margin=M]]", e.getMessage());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path file = dir.resolve("absent.json");
        RunConfigException e = assertThrows(RunConfigException.class, () -> RunConfigJson.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void overridesReplaceFieldsByNameAndDottedPathAndSkipNulls() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("model.layers", 5);
        overrides.put("model.contextLength", 64);
        overrides.put("beta", 0.3);
        overrides.put("name", null);
        RunConfig base = RunConfigJson.withOverrides(RunConfig.defaults(), Map.of("name", "kept"));
        RunConfig config = RunConfigJson.withOverrides(base, overrides);
        assertEquals(new ModelSpec(5, base.model().dModel(), base.model().heads(), 64), config.model());
        assertEquals(0.3, config.beta());
        assertEquals("kept", config.name());
        assertEquals(base.steps(), config.steps());

        RunConfigException unknown = assertThrows(RunConfigException.class,
                () -> RunConfigJson.withOverrides(base, Map.of("model.depth", 2)));
        assertTrue(unknown.getMessage().startsWith("unknown field 'model.depth'"), unknown.getMessage());
    }

    @Test
    void problemsNameTheFieldAndWhy() {
        assertEquals(List.of(), RunConfig.defaults().problems());

        List<ConfigProblem> batch = RunConfigJson.withOverrides(RunConfig.defaults(), Map.of("batchSize", 1)).problems();
        assertEquals(1, batch.size(), batch.toString());
        assertEquals("batchSize", batch.get(0).field());
        assertTrue(batch.get(0).message().contains("KL reference"), batch.get(0).message());

        RunConfig bad = RunConfigJson.fromJson("{\"model\": {\"dModel\": 30, \"heads\": 4, \"contextLength\": 4},"
                + " \"beta\": 0, \"schedule\": \"step\", \"warmupFraction\": 1, \"sftSteps\": -1, \"evalEvery\": -2}");
        List<String> fields = bad.problems().stream().map(ConfigProblem::field).toList();
        assertEquals(List.of("model.dModel", "model.contextLength", "sftSteps", "beta", "warmupFraction", "schedule",
                "evalEvery"), fields);
        assertTrue(bad.problems().get(0).message().contains("multiple of model.heads (4)"), bad.problems().toString());
    }

    @Test
    void theTrainerRefusesAnUnknownJudgeBeforeCreatingTheSftRun() {
        RunConfig unknownJudge = TrainingFixture.tinyRun(Map.of("judge", "gpt4"));
        try (var ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfigException e = assertThrows(RunConfigException.class,
                    () -> new Trainer(ws).train(unknownJudge, null, event -> {}, new CancellationToken()));
            assertEquals("invalid run config: [judge: unknown judge 'gpt4'; known judges: arithmetic, openai:URL[#model], reward-model:DIR[#margin=M]]", e.getMessage());
            assertEquals(List.of(), ws.runs().listRuns(), "no failed SFT run left behind");
        }
    }

    @Test
    void theTrainerRefusesAConfigWithProblemsBeforeTouchingTheWorkspace() {
        RunConfig bad = RunConfigJson.withOverrides(RunConfig.defaults(), Map.of("batchSize", 1));
        try (var ws = org.ktoworkbench.model.store.Workspace.open(dir.resolve("ws"))) {
            RunConfigException e = assertThrows(RunConfigException.class,
                    () -> new Trainer(ws).train(bad, null, event -> {}, new CancellationToken()));
            assertTrue(e.getMessage().contains("batchSize: must be at least 2"), e.getMessage());
            assertEquals(List.of(), ws.runs().listRuns());
        }
    }

    private static void assertMessage(String json, String expectedStart) {
        RunConfigException e = assertThrows(RunConfigException.class, () -> RunConfigJson.fromJson(json), json);
        assertTrue(e.getMessage().startsWith(expectedStart), json + " -> " + e.getMessage());
    }
}
