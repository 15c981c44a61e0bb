package org.ktoworkbench.model.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.CancellationToken;
import org.ktoworkbench.model.train.ModelSpec;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.TrainingProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps on the embedded task with a tiny GPT: grids with seeds, one shared SFT base, kill -9 and resume. */
class SweepTest {
    @TempDir
    Path dir;

    /** SFT 16 steps, KTO 12 steps, eval every 6 steps on 8 prompts, checkpoints every 4 steps. */
    static RunConfig tiny() {
        Map<String, Object> v = new HashMap<>();
        v.put("model", new ModelSpec(2, 32, 2, 32));
        v.put("sftSteps", 16);
        v.put("steps", 12);
        v.put("batchSize", 8);
        v.put("evalEvery", 6);
        v.put("evalPrompts", 8);
        v.put("maxNewTokens", 6);
        v.put("checkpointEvery", 4);
        return RunConfigJson.withOverrides(RunConfig.defaults(), v);
    }

    static SweepSpec grid2x2(RunConfig base, int seeds) {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        grid.put("beta", List.of(f.numberNode(0.1), f.numberNode(0.5)));
        grid.put("lambdaD", List.of(f.numberNode(1.0), f.numberNode(1.5)));
        return new SweepSpec("grid", RunConfigJson.toJson(base), null, grid, 0, Map.of(), seeds, "winrate",
                SweepSpec.Goal.MAX, "none");
    }

    private static Workspace sample(Path wsDir) {
        Workspace ws = Workspace.open(wsDir);
        SampleWorkspace.ensureSampleDataset(ws);
        return ws;
    }

    @Test
    void aTwoByTwoGridWithTwoSeedsTrainsEightRunsFromOneSharedSftBase() {
        try (Workspace ws = sample(dir.resolve("ws"))) {
            long id = Sweeps.create(ws, grid2x2(tiny(), 2));
            assertEquals(SweepStatus.COMPLETED, new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken()));
            List<SweepPointInfo> points = ws.sweeps().points(id);
            assertEquals(8, points.size());
            points.forEach(p -> assertEquals(PointStatus.COMPLETED, p.status(), p.toString()));
            points.forEach(p -> assertNotNull(p.metric(), "winrate of point " + p.index()));
            List<RunInfo> runs = ws.runs().listRuns();
            assertEquals(9, runs.size(), "8 KTO runs and one SFT base");
            List<RunInfo> sft = runs.stream().filter(r -> r.kind().equals("sft")).toList();
            assertEquals(1, sft.size());
            runs.stream().filter(r -> r.kind().equals("kto"))
                    .forEach(r -> assertEquals(sft.get(0).id(), r.parentRunId(), "every point starts from the one base"));
            SweepResults results = SweepResults.of(ws, id);
            assertEquals(8, results.rows().size());
            assertEquals(List.of("beta", "lambdaD"), results.parameters());
            assertEquals(4, results.groups().size());
            results.groups().forEach(g -> assertEquals(2, g.runs()));
            results.rows().forEach(r -> assertTrue(r.lower() != null && r.lower() <= r.metric() && r.metric() <= r.upper(),
                    "winrate inside its Wilson interval: " + r));
            double best = results.rows().stream().mapToDouble(SweepResults.Row::metric).max().orElseThrow();
            assertEquals(best, results.best().orElseThrow().metric());
        }
    }

    @Test
    void killedMidSweepItsRunResumesAndTheSweepEndsWithTheUninterruptedNumbers() throws Exception {
        RunConfig base = tiny();
        SweepSpec spec = grid2x2(base, 1);
        Map<String, Double> uninterrupted = new HashMap<>();
        try (Workspace ws = sample(dir.resolve("a"))) {
            long id = Sweeps.create(ws, spec);
            new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken());
            for (SweepPointInfo p : ws.sweeps().points(id)) uninterrupted.put(p.paramsJson(), p.metric());
        }
        Path wsDir = dir.resolve("b");
        long id;
        try (Workspace ws = sample(wsDir)) {
            id = Sweeps.create(ws, spec);
        }
        TrainingProcess child = TrainingProcess.start(List.of("sweep", "run", "--workspace", wsDir.toString(),
                Long.toString(id)), dir.resolve("child.log"));
        try (Workspace ws = Workspace.open(wsDir)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // point 3 has passed its step-4 checkpoint, not yet its end
            while (!pointAtStep(ws, id, 2, 6)) {
                assertTrue(System.nanoTime() < deadline, "no point 3 at step 6: " + Files.readString(dir.resolve("child.log")));
                Thread.sleep(5);
            }
            child.kill();
            assertEquals(PointStatus.RUNNING, ws.sweeps().points(id).get(2).status());
            assertEquals(SweepStatus.COMPLETED, new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken()));
            List<SweepPointInfo> points = ws.sweeps().points(id);
            for (SweepPointInfo p : points) {
                assertEquals(PointStatus.COMPLETED, p.status());
                assertEquals(uninterrupted.get(p.paramsJson()), p.metric(), "point " + p.index());
            }
            assertEquals(5, ws.runs().listRuns().size(), "the interrupted run was resumed, not made again");
        }
    }

    private static boolean pointAtStep(Workspace ws, long sweepId, int index, long step) {
        SweepPointInfo p = ws.sweeps().points(sweepId).get(index);
        return p.runId() != null && ws.runs().metricsAfter(p.runId(), step - 1).stream()
                .anyMatch(m -> m.name().equals("loss"));
    }

    @Test
    void aPausedSweepStopsResumablyAndACancelledPointIsSkipped() {
        try (Workspace ws = sample(dir.resolve("ws"))) {
            long id = Sweeps.create(ws, grid2x2(tiny(), 1));
            Sweeps.cancel(ws, id, 2);
            // pause from "another process" as soon as the first point's run has trained 3 steps
            SweepListener pauseAtStep3 = new SweepListener() {
                @Override
                public void onPointStart(SweepPointInfo point, int total) {}

                @Override
                public void onPointEnd(SweepPointInfo point) {}

                @Override
                public void onEvent(org.ktoworkbench.model.train.RunEvent event) {
                    if (event instanceof org.ktoworkbench.model.train.RunEvent.Step s && s.phase()
                            == org.ktoworkbench.model.train.RunEvent.Phase.KTO && s.step() == 3) {
                        Sweeps.pause(ws, id);
                    }
                }
            };
            assertEquals(SweepStatus.PAUSED, new SweepRunner(ws, id).run(pauseAtStep3, new CancellationToken()));
            assertEquals(PointStatus.RUNNING, ws.sweeps().points(id).get(0).status(), "paused, not ended");
            assertEquals(PointStatus.CANCELLED, ws.sweeps().points(id).get(1).status());
            assertEquals(SweepStatus.COMPLETED, new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken()));
            List<SweepPointInfo> points = ws.sweeps().points(id);
            assertEquals(List.of(PointStatus.COMPLETED, PointStatus.CANCELLED, PointStatus.COMPLETED, PointStatus.COMPLETED),
                    points.stream().map(SweepPointInfo::status).toList());
            assertEquals(3, ws.runs().listRuns().stream().filter(r -> r.kind().equals("kto")).count());

            int added = Sweeps.add(ws, id, new SweepSpec("grid", null, null, Map.of("beta",
                    List.of(JsonNodeFactory.instance.numberNode(0.1), JsonNodeFactory.instance.numberNode(0.25))),
                    0, Map.of(), 1, "winrate", SweepSpec.Goal.MAX, "none"));
            assertEquals(2, added, "beta 0.1 and 0.25 at the base λ_D 1.5 are new points");
            assertEquals(SweepStatus.ACTIVE, ws.sweeps().find(id).orElseThrow().status());
        }
    }

    @Test
    void aBadPointIsRefusedBeforeTheSweepIsStored() {
        try (Workspace ws = sample(dir.resolve("ws"))) {
            SweepSpec bad = new SweepSpec("bad", RunConfigJson.toJson(tiny()), null,
                    Map.of("beta", List.of(JsonNodeFactory.instance.numberNode(0.1), JsonNodeFactory.instance.numberNode(-1))),
                    0, Map.of(), 1, "winrate", SweepSpec.Goal.MAX, "none");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweeps.create(ws, bad));
            assertTrue(e.getMessage().contains("beta: must be a positive number, got -1.0"), e.getMessage());
            assertTrue(ws.sweeps().list().isEmpty());
        }
    }

    /** Every point ASHA stopped was, at its rung, outside the best third of the points that had reached it before. */
    @Test
    void ashaStopsExactlyThePointsItsRuleNames() {
        RunConfig base = RunConfigJson.withOverrides(tiny(), Map.of("steps", 18, "evalPrompts", 0));
        SweepSpec spec = new SweepSpec("asha", RunConfigJson.toJson(base), null, grid2x2(base, 1).grid(), 0, Map.of(), 1,
                "eval/loss", SweepSpec.Goal.MIN, "asha");
        try (Workspace ws = sample(dir.resolve("ws"))) {
            long id = Sweeps.create(ws, spec);
            assertEquals(SweepStatus.COMPLETED, new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken()));
            List<SweepPointInfo> points = ws.sweeps().points(id);
            int stopped = 0;
            for (SweepPointInfo p : points) {
                List<Double> before = new java.util.ArrayList<>();
                for (SweepPointInfo q : points.subList(0, p.index())) before.add(lossAt(ws, q.runId(), 6));
                boolean ruleStops = Asha.stop("eval/loss", 6, lossAt(ws, p.runId(), 6), before, SweepSpec.Goal.MIN).isPresent();
                assertEquals(ruleStops, p.status() == PointStatus.STOPPED, "point " + (p.index() + 1) + ": " + p);
                if (ruleStops) {
                    stopped++;
                    assertTrue(p.note().startsWith("stopped by ASHA at step 6: eval/loss "), p.note());
                    assertEquals(6, ws.runs().metrics(p.runId()).stream().filter(m -> m.name().equals("loss"))
                            .mapToLong(MetricPoint::step).max().orElseThrow(), "a stopped run trains no further");
                }
            }
            assertTrue(stopped > 0, "with 4 points and keep ⌈n/3⌉ some stop unless each beats all before it");
        }
    }

    private static double lossAt(Workspace ws, long runId, long step) {
        return ws.runs().metrics(runId).stream().filter(m -> m.step() == step && m.name().equals("eval/loss"))
                .findFirst().orElseThrow().value();
    }
}
