package org.ktoworkbench.model.sample;

import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts an embedded sample dataset into a workspace that lacks it: imported, then split by prompt for evaluation. Two
 * are embedded: {@link #DATASET}, the unpaired task, and {@link #PAIRED_DATASET}, the preference pairs drawn from the
 * same prompts, for DPO beside KTO (see {@code sample-data/README.md}).
 */
public final class SampleWorkspace {
    public static final String DATASET = "arithmetic-kto";
    public static final String PAIRED_DATASET = "arithmetic-pairs";
    public static final double EVAL_FRACTION = 0.1;
    public static final long SPLIT_SEED = 0;

    private static final Map<String, String> FILES = Map.of(
            DATASET, SampleData.ARITHMETIC,
            PAIRED_DATASET, SampleData.ARITHMETIC_PAIRS);

    private SampleWorkspace() {}

    /** Whether {@code name} is an embedded dataset's name. */
    public static boolean isEmbedded(String name) {
        return FILES.containsKey(name);
    }

    /** @return the default dataset ({@link #DATASET}), imported now or found already there */
    public static DatasetInfo ensureSampleDataset(Workspace workspace) {
        return ensureSampleDataset(workspace, DATASET);
    }

    /** @return the embedded dataset {@code name}, imported now or found already there */
    public static DatasetInfo ensureSampleDataset(Workspace workspace, String name) {
        var existing = workspace.datasets().find(name);
        if (existing.isPresent()) return existing.get();
        if (name.equals(PAIRED_DATASET)) ensureSampleDataset(workspace, DATASET);
        withFile(name, file -> workspace.datasets().importFile(file, ImportOptions.strict(name)));
        if (name.equals(PAIRED_DATASET)) {
            // the pairs share the unpaired task's prompts: one eval prompt set, so DPO never trains on KTO's eval prompts
            workspace.datasets().splitLike(name, DATASET);
        } else {
            workspace.datasets().split(name, EVAL_FRACTION, SPLIT_SEED);
        }
        return workspace.datasets().get(name);
    }

    /** Hands the embedded file of dataset {@code name}, unpacked to a temporary folder, to {@code work}. */
    public static <T> T withFile(String name, Function<Path, T> work) {
        String fileName = FILES.get(name);
        if (fileName == null) throw new IllegalArgumentException("no embedded dataset named '" + name + "'");
        try {
            Path dir = Files.createTempDirectory("kto-sample");
            Path file = dir.resolve(fileName);
            try {
                SampleData.copyTo(fileName, file);
                return work.apply(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedded sample dataset: " + e.getMessage(), e);
        }
    }
}
