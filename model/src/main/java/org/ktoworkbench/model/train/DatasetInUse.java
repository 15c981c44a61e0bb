package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.StoreException;
import org.ktoworkbench.model.store.Workspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one guard of the changes a run could read half-way (delete, split, import with replace): refused while a run
 * that is training or queued uses the dataset (a queued run whose process ended reads INTERRUPTED, and counts no more).
 * A run reads its rows when each phase starts (the KTO phase of a
 * pipeline after its SFT phase), so a change in between would mix two versions of the data in one run. The check and
 * the change are two transactions: a run that starts between them is caught by the split it records
 * ({@link RunDataCheck}).
 */
public final class DatasetInUse {
    private DatasetInUse() {}

    /** @throws StoreException naming the runs that use {@code dataset}, when some train or wait to */
    public static void refuseChanges(Workspace workspace, String dataset) {
        List<RunInfo> runs = workspace.runs().listRuns().stream().filter(r -> dataset.equals(r.datasetName()))
                .sorted(Comparator.comparingLong(RunInfo::id)).toList();
        List<String> parts = new ArrayList<>();
        for (RunStatus status : List.of(RunStatus.RUNNING, RunStatus.QUEUED)) {
            List<String> ids = runs.stream().filter(r -> r.status() == status).map(r -> Long.toString(r.id())).toList();
            if (ids.isEmpty()) continue;
            parts.add((ids.size() == 1 ? "run " : "runs ") + String.join(", ", ids)
                    + (ids.size() == 1 ? ", which is " : ", which are ") + verb(status));
        }
        if (!parts.isEmpty()) {
            throw new StoreException("dataset '" + dataset + "' is in use by " + String.join(", and ", parts));
        }
    }

    private static String verb(RunStatus status) {
        return status == RunStatus.RUNNING ? "training" : "queued";
    }
}
