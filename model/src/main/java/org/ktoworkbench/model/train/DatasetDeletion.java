package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.StoreException;
import org.ktoworkbench.model.store.Workspace;

import java.util.List;
import java.util.stream.Collectors;

/** Deletes a dataset and its rows, refused while a run trains on it; the runs that trained on it keep their records. */
public final class DatasetDeletion {
    private DatasetDeletion() {}

    /** The runs that trained on the dataset (they keep their records). */
    public static List<RunInfo> delete(Workspace workspace, String name) {
        workspace.datasets().get(name);
        List<RunInfo> runs = workspace.runs().listRuns().stream().filter(r -> name.equals(r.datasetName())).toList();
        List<RunInfo> training = runs.stream().filter(r -> r.status() == RunStatus.RUNNING).toList();
        if (!training.isEmpty()) {
            throw new StoreException("dataset '" + name + "' is in use by run " + training.stream()
                    .map(r -> Long.toString(r.id())).collect(Collectors.joining(", ")) + ", which is training");
        }
        workspace.datasets().delete(name);
        return runs;
    }
}
