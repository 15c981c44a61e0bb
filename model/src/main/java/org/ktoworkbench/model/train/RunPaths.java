package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunFolders;

import java.nio.file.Path;

/** Where a run's files live inside a workspace: {@code runs/<id>/final} and {@code runs/<id>/checkpoints}. */
public record RunPaths(Path workspaceDir, long runId) {

    public Path root() {
        return RunFolders.root(workspaceDir, runId);
    }

    /** The model a completed run leaves, loadable with {@code Gpt.load}. */
    public Path finalModel() {
        return root().resolve("final");
    }

    public Path checkpoints() {
        return RunFolders.checkpoints(workspaceDir, runId);
    }
}
