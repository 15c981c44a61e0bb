package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.RunOwnerMain;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code split}, {@code import --replace} and {@code delete-dataset} are refused while a run that trains (or waits to)
 * uses the dataset, and leave its rows and split as they were; once the runs have ended they go through.
 */
class DatasetInUseCliTest {
    @TempDir
    Path dir;

    private Path file;

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private CliRunner.Result cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--workspace";
        all[args.length + 1] = ws();
        return CliRunner.run(all);
    }

    private void importData() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append("{\"prompt\":\"p").append(i).append("\",\"completion\":\"c").append(i)
                    .append("\",\"label\":").append(i % 2 == 0).append("}\n");
        }
        file = Files.writeString(dir.resolve("data.jsonl"), rows);
        assertEquals(0, cli("import", file.toString()).code());
        assertEquals(0, cli("split", "data", "--eval-fraction", "0.25", "--seed", "1").code());
    }

    private record Snapshot(DatasetInfo info, List<Example> eval, List<Example> train) {}

    private Snapshot snapshot() {
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            return new Snapshot(ws.datasets().get("data"), ws.datasets().examples("data", Split.EVAL),
                    ws.datasets().examples("data", Split.TRAIN));
        }
    }

    private long runWithStatus(RunStatus status, String dataset) {
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            long run = ws.runs().createRun("live", "kto", dataset, "{}", null);
            if (status != RunStatus.QUEUED) ws.runs().setStatus(run, status, null);
            return run;
        }
    }

    private void setStatus(long run, RunStatus status) {
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            ws.runs().setStatus(run, status, null);
        }
    }

    @Test
    void splitImportReplaceAndDeleteAreRefusedWhileARunTrainsOnTheDataset() throws IOException {
        importData();
        runWithStatus(RunStatus.COMPLETED, "data"); // ended runs do not count
        runWithStatus(RunStatus.RUNNING, "other");  // nor runs on other datasets
        long training = runWithStatus(RunStatus.RUNNING, "data");
        Snapshot before = snapshot();
        String inUse = "error: dataset 'data' is in use by run " + training + ", which is training\n";

        CliRunner.Result split = cli("split", "data", "--eval-fraction", "0.5", "--seed", "9");
        assertEquals(1, split.code());
        assertEquals(inUse, split.err());
        Files.writeString(file, "{\"prompt\":\"new\",\"completion\":\"rows\",\"label\":true}\n"
                + "{\"prompt\":\"new\",\"completion\":\"other\",\"label\":false}\n");
        CliRunner.Result replace = cli("import", file.toString(), "--replace");
        assertEquals(1, replace.code());
        assertEquals(inUse, replace.err());
        CliRunner.Result delete = cli("delete-dataset", "data");
        assertEquals(1, delete.code());
        assertEquals(inUse, delete.err());
        assertEquals(before, snapshot(), "rows and split as they were");

        setStatus(training, RunStatus.CANCELLED);
        assertEquals(0, cli("split", "data", "--eval-fraction", "0.5", "--seed", "9").code());
        Snapshot resplit = snapshot();
        assertNotEquals(before.eval(), resplit.eval());
        assertEquals(0, cli("import", file.toString(), "--replace").code());
        assertEquals(2, snapshot().info().rows());
    }

    @Test
    void queuedRunsCountAsUsersAndEveryRunIsNamed() throws IOException {
        importData();
        long queued = runWithStatus(RunStatus.QUEUED, "data");
        long first = runWithStatus(RunStatus.RUNNING, "data");
        long second = runWithStatus(RunStatus.RUNNING, "data");
        Snapshot before = snapshot();

        CliRunner.Result split = cli("split", "data", "--eval-fraction", "0.5", "--seed", "9");
        assertEquals(1, split.code());
        assertEquals("error: dataset 'data' is in use by runs " + first + ", " + second + ", which are training, and run "
                + queued + ", which is queued\n", split.err());
        setStatus(first, RunStatus.COMPLETED);
        setStatus(second, RunStatus.FAILED);
        CliRunner.Result stillQueued = cli("import", file.toString(), "--replace");
        assertEquals("error: dataset 'data' is in use by run " + queued + ", which is queued\n", stillQueued.err());
        assertEquals(before, snapshot());
    }

    /** The process that created a run is killed (SIGKILL) before it starts it: the run no longer holds its dataset. */
    @Test
    void aRunWhoseProcessWasKilledBeforeItStartedDoesNotHoldItsDataset() throws Exception {
        importData();
        RunOwnerMain.Owner owner = RunOwnerMain.start(Path.of(ws()), RunStatus.QUEUED, "data", "{}", "never started");
        long run = owner.runs().get(0);
        try {
            CliRunner.Result waiting = cli("split", "data", "--eval-fraction", "0.5", "--seed", "9");
            assertEquals("error: dataset 'data' is in use by run " + run + ", which is queued\n", waiting.err(),
                    "held while its process lives");
        } finally {
            owner.kill();
        }
        CliRunner.Result split = cli("split", "data", "--eval-fraction", "0.5", "--seed", "9");
        assertEquals(0, split.code(), split.err());
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            assertEquals(RunStatus.INTERRUPTED, ws.runs().run(run).orElseThrow().status());
            assertEquals(20, ws.datasets().get("data").evalRows(), "split in half");
        }
    }

    @Test
    void benchImportDoesNotReplaceItsDatasetWhileARunTrainsOnIt() {
        assertEquals(0, cli("bench", "import", "--rows", "50", "--queries", "1").code());
        long training = runWithStatus(RunStatus.RUNNING, "bench-import-1");
        CliRunner.Result again = cli("bench", "import", "--rows", "60", "--queries", "1");
        assertEquals(1, again.code());
        assertEquals("error: dataset 'bench-import-1' is in use by run " + training + ", which is training\n", again.err());
        try (Workspace ws = Workspace.open(Path.of(ws()))) {
            assertEquals(50, ws.datasets().get("bench-import-1").rows());
        }
    }
}
