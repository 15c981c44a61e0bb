package org.ktoworkbench.app.workspace;

import java.nio.file.Files;
import java.nio.file.Path;

import org.ktoworkbench.model.store.Workspace;

/**
 * The workspace the GUI has open. Remembers whether opening it created it, which is when the
 * embedded sample dataset gets imported.
 */
public final class WorkspaceSession implements AutoCloseable {
    private final Workspace workspace;
    private final boolean created;

    private WorkspaceSession(Workspace workspace, boolean created) {
        this.workspace = workspace;
        this.created = created;
    }

    public static WorkspaceSession open(Path dir) {
        boolean existed = Files.exists(dir.resolve(Workspace.DATABASE_FILE));
        return new WorkspaceSession(Workspace.open(dir), !existed);
    }

    public Workspace workspace() {
        return workspace;
    }

    public Path directory() {
        return workspace.directory();
    }

    /** True when this open created the workspace (first start). */
    public boolean isNew() {
        return created;
    }

    @Override
    public void close() {
        workspace.close();
    }
}
