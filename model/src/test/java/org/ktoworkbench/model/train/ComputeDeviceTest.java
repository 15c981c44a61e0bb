package org.ktoworkbench.model.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The run's device: names, the refusal of a GPU this machine lacks before anything is made, fp16 on any device. */
class ComputeDeviceTest {
    @TempDir
    Path dir;

    @Test
    void deviceNamesAreCpuGpuOrGpuN() {
        assertEquals(Device.cpu(), ComputeDevice.parse("cpu"));
        assertEquals(Device.gpu(0), ComputeDevice.parse("gpu"));
        assertEquals(Device.gpu(3), ComputeDevice.parse("gpu:3"));
        for (String bad : new String[] {"cuda", "gpu:", "gpu:-1", "GPU", "gpu:x", ""}) {
            assertTrue(ComputeDevice.problem(bad).isPresent(), bad);
        }
        RunConfigException e = assertThrows(RunConfigException.class,
                () -> RunConfigJson.read(null, Map.of("device", "cuda:0")));
        assertTrue(e.getMessage().contains("device: must be cpu, gpu or gpu:N"), e.getMessage());
        assertEquals("cpu", RunConfig.defaults().device(), "cpu unless asked");
    }

    @Test
    void fp16IsAcceptedOnEveryDeviceAndBf16SaysWhyItIsRefused() {
        assertEquals(MixedPrecision.FP16, RunConfigJson.read(null, Map.of("mixedPrecision", "fp16")).precision());
        assertTrue(MixedPrecision.problem("none").isEmpty());
        assertTrue(MixedPrecision.problem("fp16").isEmpty());
        RunConfigException bf16 = assertThrows(RunConfigException.class,
                () -> RunConfigJson.read(null, Map.of("mixedPrecision", "bf16")));
        assertTrue(bf16.getMessage().contains("mixedPrecision: must be none or fp16, got bf16"), bf16.getMessage());
        assertTrue(bf16.getMessage().contains("docs/bf16.md"), bf16.getMessage());
    }

    @Test
    void aGpuThisMachineLacksIsRefusedBeforeTheRunIsCreated() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("device", "gpu"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(ws).train(config, null, event -> { }, new CancellationToken()));
            assertEquals("no GPU 0: this machine has 0 GPUs (DJL engine PyTorch " + Engine.getInstance().getVersion()
                    + ", CPU)", e.getMessage());
            assertEquals(List.of(), ws.runs().listRuns());
        }
    }

    @Test
    void aCpuRunMakesItsModelOnTheCpuAndTrains() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("device", "cpu", "sftSteps", 2, "steps", 2,
                    "evalEvery", 0));
            List<RunSummary> runs = new Trainer(ws).train(config, null, event -> { }, new CancellationToken());
            assertEquals(2, runs.size());
            assertTrue(runs.stream().allMatch(r -> r.stepsDone() == 2), runs.toString());
            try (RunModel source = RunModel.of(config); var model = source.initial()) {
                assertEquals(Device.cpu(), model.parameters().get(0).value().getDevice());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
