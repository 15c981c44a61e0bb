package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

import java.util.List;

/** Deletes a dataset and its rows, refused while a run uses it ({@link DatasetInUse}); the runs that trained on it keep their records. */
public final class DatasetDeletion {
    private DatasetDeletion() {}

    /** The runs that trained on the dataset (they keep their records). */
    public static List<RunInfo> delete(Workspace workspace, String name) {
        workspace.datasets().get(name);
        DatasetInUse.refuseChanges(workspace, name);
        List<RunInfo> runs = workspace.runs().listRuns().stream().filter(r -> name.equals(r.datasetName())).toList();
        workspace.datasets().delete(name);
        return runs;
    }
}
