package org.ktoworkbench.app.workspace;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;

/**
 * Puts the embedded sample datasets (imported and split, as the CLI does) into a fresh workspace, off the UI thread:
 * the unpaired task and its paired form, so DPO can be chosen in Run setup from the first start.
 */
public final class SampleDatasetImport {
    public static final String DATASET_NAME = SampleWorkspace.DATASET;

    private SampleDatasetImport() {
    }

    public static BackgroundTask<DatasetInfo> task(Workspace workspace) {
        return BackgroundTask.of("Importing the sample datasets", ctx -> {
            DatasetInfo unpaired = SampleWorkspace.ensureSampleDataset(workspace);
            SampleWorkspace.ensureSampleDataset(workspace, SampleWorkspace.PAIRED_DATASET);
            return unpaired;
        });
    }
}
