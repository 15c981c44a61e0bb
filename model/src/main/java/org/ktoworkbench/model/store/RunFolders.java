package org.ktoworkbench.model.store;

import java.nio.file.Path;

/**
 * Where a run's files live inside a workspace: {@code runs/<id>/} holding {@code checkpoints/} (with
 * {@code .writing-*} folders while one is being written), {@code final/} and {@code owner.lock}.
 */
public final class RunFolders {
    /** Prefix of a checkpoint folder still being written; one left behind is from a process that died mid-write. */
    public static final String WRITING_PREFIX = ".writing-";

    private RunFolders() {}

    public static Path root(Path workspaceDir, long runId) {
        return workspaceDir.resolve("runs").resolve(Long.toString(runId));
    }

    public static Path checkpoints(Path workspaceDir, long runId) {
        return root(workspaceDir, runId).resolve("checkpoints");
    }

    static Path ownerLock(Path workspaceDir, long runId) {
        return root(workspaceDir, runId).resolve("owner.lock");
    }
}
