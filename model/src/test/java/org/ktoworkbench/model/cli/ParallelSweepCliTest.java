package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sweep run --parallel 2}: two worker processes at once give what one process gives one after the other. */
class ParallelSweepCliTest {
    @TempDir
    Path tmp;

    @Test
    void twoWorkerProcessesTrainTwoPointsAtOnceToTheNumbersOfASequentialSweep() throws Exception {
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"model": {"layers": 1, "dModel": 32, "heads": 2, "contextLength": 32}, "sftSteps": 8, "steps": 6,
                 "batchSize": 4, "evalEvery": 3, "evalPrompts": 4, "maxNewTokens": 4, "checkpointEvery": 3}
                """);
        String sequential = tmp.resolve("sequential").toString();
        String parallel = tmp.resolve("parallel").toString();
        for (String ws : List.of(sequential, parallel)) {
            CliRunner.Result created = CliRunner.run("sweep", "create", "--workspace", ws, "--config", config.toString(),
                    "--grid", "beta=0.1,0.3", "--name", "betas");
            assertEquals(0, created.code(), created.err());
            assertEquals("1", created.out().strip());
        }
        CliRunner.Result one = CliRunner.run("sweep", "run", "--workspace", sequential, "1");
        assertEquals(0, one.code(), one.err());
        CliRunner.Result two = CliRunner.run("sweep", "run", "--workspace", parallel, "1", "--parallel", "2");
        assertEquals(0, two.code(), two.err());
        assertTrue(two.out().contains("training up to 2 points at once"), two.out());
        assertTrue(two.out().contains("sweep 1: completed"), two.out());

        try (Workspace a = Workspace.open(Path.of(sequential)); Workspace b = Workspace.open(Path.of(parallel))) {
            List<SweepPointInfo> pa = a.sweeps().points(1);
            List<SweepPointInfo> pb = b.sweeps().points(1);
            assertEquals(2, pb.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(PointStatus.COMPLETED, pb.get(i).status(), pb.get(i).note());
                assertEquals(pa.get(i).metric(), pb.get(i).metric(), "winrate of point " + (i + 1));
                List<MetricPoint> ma = numbers(a.runs().metrics(pa.get(i).runId()));
                List<MetricPoint> mb = numbers(b.runs().metrics(pb.get(i).runId()));
                assertEquals(ma.size(), mb.size());
                for (int k = 0; k < ma.size(); k++) {
                    assertEquals(ma.get(k).name(), mb.get(k).name());
                    assertEquals(ma.get(k).value(), mb.get(k).value(), 1e-5, ma.get(k).name() + " at " + ma.get(k).step());
                }
                Path log = b.directory().resolve("sweeps").resolve("1").resolve("point-" + (i + 1) + ".log");
                assertTrue(Files.readString(log).contains("point " + (i + 1) + ": completed"), log.toString());
            }
            RunInfo first = b.runs().run(pb.get(0).runId()).orElseThrow();
            RunInfo second = b.runs().run(pb.get(1).runId()).orElseThrow();
            assertTrue(second.createdAt().isBefore(first.updatedAt()) && first.createdAt().isBefore(second.updatedAt()),
                    "the two runs overlap in time: " + first.createdAt() + ".." + first.updatedAt() + " and "
                            + second.createdAt() + ".." + second.updatedAt());
            assertEquals(1, b.runs().listRuns().stream().filter(r -> r.kind().equals("sft")).count(), "one shared SFT base");
        }

        CliRunner.Result bad = CliRunner.run("sweep", "run", "--workspace", parallel, "1", "--parallel", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--parallel must be at least 1, got 0"), bad.err());
        CliRunner.Result both = CliRunner.run("sweep", "run", "--workspace", parallel, "1", "--parallel", "2", "--point", "1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--point trains one point"), both.err());
    }

    /** The metrics that are results of the run, not of the machine's speed. */
    private static List<MetricPoint> numbers(List<MetricPoint> metrics) {
        return metrics.stream().filter(m -> !m.name().equals("tokens/s")).toList();
    }
}
