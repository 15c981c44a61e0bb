package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Deletes a run: first its records in the workspace (refused while it trains or while a run starts from it), then its files. */
public final class RunDeletion {
    private RunDeletion() {}

    public static RunInfo delete(Workspace workspace, long runId) {
        return delete(workspace, runId, false);
    }

    /** {@code force}: also a run that reads as training in another process (the user knows that process is gone). */
    public static RunInfo delete(Workspace workspace, long runId, boolean force) {
        RunInfo run = workspace.runs().deleteRun(runId, force);
        Path files = new RunPaths(workspace.directory(), runId).root();
        try {
            Checkpoints.deleteTree(files);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + runId + " is deleted from the workspace, but not all of its files under "
                    + files + " could be removed: " + e.getMessage(), e);
        }
        return run;
    }
}
