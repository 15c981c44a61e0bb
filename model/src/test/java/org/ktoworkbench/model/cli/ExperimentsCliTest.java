package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentsCliTest {
    @TempDir
    Path tmp;

    @Test
    void listNamesTheFivePresets() {
        CliRunner.Result r = CliRunner.run("experiments", "list", "--workspace", tmp.resolve("ws").toString());
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("kto-vs-dpo", "imbalance", "one-y-per-x", "z0-ablation", "beta")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name + " ")), name + " in\n" + r.out());
        }
    }

    /** KTO, DPO and SFT+ from one SFT base, each judged against it, saved as one sweep. */
    @Test
    void ktoVsDpoQuickTrainsThreeArmsFromOneBase() {
        String ws = tmp.resolve("ws").toString();
        CliRunner.Result r = CliRunner.run("experiments", "run", "kto-vs-dpo", "--quick", "--seeds", "1", "--workspace", ws);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("experiment kto-vs-dpo: completed"), r.out());
        try (Workspace w = Workspace.open(Path.of(ws))) {
            List<SweepInfo> sweeps = w.sweeps().list();
            assertEquals(1, sweeps.size());
            List<SweepPointInfo> arms = w.sweeps().points(sweeps.get(0).id());
            assertEquals(3, arms.size());
            List<RunInfo> runs = w.runs().listRuns();
            RunInfo base = runs.stream().filter(run -> run.kind().equals("sft")).findFirst().orElseThrow();
            assertEquals(4, runs.size(), "one SFT base and three arms");
            List<String> lossTypes = arms.stream().map(p -> {
                assertEquals(PointStatus.COMPLETED, p.status(), p.toString());
                assertNotNull(p.metric(), "winrate of " + p.paramsJson());
                RunInfo run = w.runs().run(p.runId()).orElseThrow();
                assertEquals(base.id(), run.parentRunId(), "every arm from the one base");
                RunConfig config = RunConfigJson.fromJson(run.configJson());
                return config.lossType().name() + " on " + config.dataset();
            }).toList();
            assertEquals(List.of("KTO on arithmetic-kto", "DPO on arithmetic-pairs", "SFT on arithmetic-kto"), lossTypes);
            long sftPlusSteps = w.runs().metrics(arms.get(2).runId()).stream().filter(m -> m.name().equals("loss")).count();
            assertEquals(24, sftPlusSteps);
            assertTrue(w.runs().metrics(arms.get(2).runId()).stream().noneMatch(m -> m.name().equals("kl")),
                    "SFT+ trains the NLL of desirable rows, no KTO terms");
        }
        assertTrue(r.out().lines().anyMatch(l -> l.contains("SFT+") && l.contains("completed")), r.out());
    }
}
