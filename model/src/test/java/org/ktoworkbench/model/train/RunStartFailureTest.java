package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A run that fails as it starts, in a process that lives on (the GUI), ends FAILED rather than holding its dataset. */
class RunStartFailureTest {
    @TempDir
    Path dir;

    @Test
    void aRunWhoseStartFailsEndsFailedAndNoLongerUsesItsDataset() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0));
            RunListener failsOnStart = event -> {
                if (event instanceof RunEvent.Status s && s.status() == RunStatus.RUNNING) {
                    throw new IllegalStateException("the view could not show the run");
                }
            };
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> new Trainer(ws).train(config, null, failsOnStart, new CancellationToken()));
            assertEquals("the view could not show the run", thrown.getMessage());

            RunInfo run = ws.runs().listRuns().get(0);
            assertEquals(RunStatus.FAILED, run.status());
            assertEquals("the view could not show the run", run.statusMessage());
            DatasetInUse.refuseChanges(ws, SampleWorkspace.DATASET);
        }
    }
}
