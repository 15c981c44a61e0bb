package org.ktoworkbench.app.workspace;

import java.nio.file.Files;
import java.nio.file.Path;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.model.sample.SampleData;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.Workspace;

/** Imports the embedded sample dataset (the built-in task) so a fresh workspace has data to show. */
public final class SampleDatasetImport {
    public static final String DATASET_NAME = "arithmetic-kto";

    private SampleDatasetImport() {
    }

    public static BackgroundTask<DatasetInfo> task(Workspace workspace) {
        return BackgroundTask.of("Importing the sample dataset", context -> {
            Path temp = Files.createTempDirectory("kto-sample");
            Path file = SampleData.copyTo(SampleData.ARITHMETIC, temp.resolve(SampleData.ARITHMETIC));
            try {
                return workspace.datasets().importFile(file, ImportOptions.strict(DATASET_NAME)).dataset();
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(temp);
            }
        });
    }
}
