package org.ktoworkbench.model.train;

import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.ImportReport;
import org.ktoworkbench.model.store.SplitSummary;
import org.ktoworkbench.model.store.StartedImport;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;

/**
 * A new split of a dataset, and an import that may replace one, as the CLI and the GUI make them: refused while a run
 * uses the dataset ({@link DatasetInUse}), since the run would read the new rows or split in its next phase or resume.
 */
public final class DatasetChanges {
    private DatasetChanges() {}

    public static SplitSummary split(Workspace workspace, String name, double evalFraction, long seed) {
        workspace.datasets().get(name);
        DatasetInUse.refuseChanges(workspace, name);
        return workspace.datasets().split(name, evalFraction, seed);
    }

    /** Splits {@code name} on the eval prompts of {@code like} (see {@link org.ktoworkbench.model.store.DatasetStore#splitLike}). */
    public static SplitSummary splitLike(Workspace workspace, String name, String like) {
        workspace.datasets().get(name);
        workspace.datasets().get(like);
        DatasetInUse.refuseChanges(workspace, name);
        return workspace.datasets().splitLike(name, like);
    }

    /** Imports a file; with {@link ImportOptions#replace()}, an existing dataset of that name is replaced unless in use. */
    public static ImportReport importFile(Workspace workspace, Path file, ImportOptions options, ImportProgress progress) {
        if (options.replace()) DatasetInUse.refuseChanges(workspace, options.datasetName(file));
        return workspace.datasets().importFile(file, options, progress);
    }

    /** As {@link #importFile(Workspace, Path, ImportOptions, ImportProgress)}, for a file whose reading has begun. */
    public static ImportReport importFile(Workspace workspace, StartedImport started) {
        if (started.options().replace()) DatasetInUse.refuseChanges(workspace, started.datasetName());
        return workspace.datasets().importFile(started);
    }

    /**
     * Imports a file, then holds out prompts for evaluation as the embedded sample is split
     * ({@link SampleWorkspace#EVAL_FRACTION}, {@link SampleWorkspace#SPLIT_SEED}): what {@code train FILE} and the GUI's
     * import do. Refused before anything is imported when a run uses a dataset of that name.
     */
    public static DatasetInfo importWithEvalSplit(Workspace workspace, Path file, ImportOptions options,
                                                  ImportProgress progress) {
        DatasetInUse.refuseChanges(workspace, options.datasetName(file)); // before the import: all of it or nothing
        String name = importFile(workspace, file, options, progress).dataset().name();
        split(workspace, name, SampleWorkspace.EVAL_FRACTION, SampleWorkspace.SPLIT_SEED);
        return workspace.datasets().get(name);
    }
}
