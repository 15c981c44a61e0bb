package org.ktoworkbench.model.train;

import org.ktoworkbench.model.data.DatasetReader;
import org.ktoworkbench.model.data.DatasetRow;
import org.ktoworkbench.model.data.PreferencePairs;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses DPO on data without preference pairs ({@link PreferencePairs}) before anything is made: a dataset in the
 * workspace needs 2 complete pairs in its train split (a batch holds at least 2); a file that is still to be imported
 * needs 2 in the whole file (its split is made by the import). A pair never straddles the split: its rows share their
 * prompt and the split is by prompt.
 */
public final class PairedDataCheck {
    /** Pairs a DPO run needs: a batch holds at least 2 (as KTO's batch holds at least 2 rows). */
    static final int MIN_PAIRS = 2;

    private PairedDataCheck() {}

    /** The train split of {@code dataset} (in the workspace) has enough pairs, or an {@link IllegalArgumentException}. */
    public static void requireTrainPairs(Workspace workspace, String dataset) {
        var train = workspace.datasets().examples(dataset, Split.TRAIN);
        PreferencePairs pairs = PreferencePairs.of(train);
        if (pairs.size() < MIN_PAIRS) {
            throw new IllegalArgumentException(refusal("dataset '" + dataset + "'", " in its train split", pairs,
                    train.size(), " train rows"));
        }
    }

    /**
     * The file a run would import has enough pairs among its valid rows, or an {@link IllegalArgumentException} naming
     * {@code subject} (the file, or the dataset it is the embedded file of); a file the import would refuse is left to
     * the import, which names its problems.
     */
    public static void requirePairs(Path file, String subject) {
        PreferencePairs.Builder builder = new PreferencePairs.Builder();
        long[] rows = {0};
        DatasetReader.Result read = new DatasetReader(null, null).read(file, (DatasetRow row) ->
                builder.add((int) rows[0]++, row.pairId(), row.prompt().text(), row.desirable()));
        if (read.fatal() || read.errorCount() > 0 || read.rows() == 0) return;
        PreferencePairs pairs = builder.build();
        if (pairs.size() < MIN_PAIRS) throw new IllegalArgumentException(refusal(subject, "", pairs, rows[0], " rows"));
    }

    private static String refusal(String subject, String where, PreferencePairs pairs, long rows, String rowsOf) {
        return String.format(Locale.ROOT, "%s has %s for DPO%s (%,d of its %,d%s have a pair_id; a pair is the two rows"
                        + " of one pair_id, with one prompt, one desirable and one undesirable, as the import makes"
                        + " of prompt/chosen/rejected rows): DPO needs at least %d; train it on paired data (the"
                        + " embedded '" + SampleWorkspace.PAIRED_DATASET + "') or choose loss type KTO",
                subject, pairs.size() == 0 ? "no preference pairs" : pairs.size() == 1 ? "1 preference pair"
                        : pairs.size() + " preference pairs", where, pairs.rowsWithPairId(), rows, rowsOf, MIN_PAIRS);
    }
}
