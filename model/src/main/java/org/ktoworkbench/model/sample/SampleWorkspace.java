package org.ktoworkbench.model.sample;

import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts the embedded sample dataset into a workspace that lacks it: imported, then split by prompt for evaluation. */
public final class SampleWorkspace {
    public static final String DATASET = "arithmetic-kto";
    public static final double EVAL_FRACTION = 0.1;
    public static final long SPLIT_SEED = 0;

    private SampleWorkspace() {}

    /** @return the dataset, imported now or found already there */
    public static DatasetInfo ensureSampleDataset(Workspace workspace) {
        var existing = workspace.datasets().find(DATASET);
        if (existing.isPresent()) return existing.get();
        try {
            Path dir = Files.createTempDirectory("kto-sample");
            try {
                Path file = SampleData.copyTo(SampleData.ARITHMETIC, dir.resolve(SampleData.ARITHMETIC));
                workspace.datasets().importFile(file, ImportOptions.strict(DATASET));
                Files.delete(file);
            } finally {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedded sample dataset: " + e.getMessage(), e);
        }
        workspace.datasets().split(DATASET, EVAL_FRACTION, SPLIT_SEED);
        return workspace.datasets().get(DATASET);
    }
}
