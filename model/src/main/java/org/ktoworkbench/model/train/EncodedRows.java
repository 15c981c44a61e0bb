package org.ktoworkbench.model.train;

import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.nn.SequenceBatcher;
import org.ktoworkbench.model.nn.TokenBatch;
import org.ktoworkbench.model.text.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Dataset rows tokenised once, packed into batches on demand by row index. */
public final class EncodedRows {
    private final int[][] prompts;
    private final int[][] completions;
    private final boolean[] desirable;
    private final SequenceBatcher batcher;

    public EncodedRows(List<Example> examples, Tokenizer tokenizer, int contextLength) {
        int n = examples.size();
        prompts = new int[n][];
        completions = new int[n][];
        desirable = new boolean[n];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            prompts[i] = tokenizer.encode(e.prompt());
            completions[i] = tokenizer.encode(e.completion());
            desirable[i] = e.desirable();
        }
        batcher = new SequenceBatcher(tokenizer, contextLength);
    }

    public int size() {
        return desirable.length;
    }

    public boolean desirable(int row) {
        return desirable[row];
    }

    public boolean[] desirable(int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = desirable[rows[k]];
        return out;
    }

    /** Rows whose label is desirable (SFT on desirable completions only). */
    public int[] desirableRows() {
        return java.util.stream.IntStream.range(0, size()).filter(i -> desirable[i]).toArray();
    }

    /** Packs prompt {@code promptRows[k]} with completion {@code completionRows[k]}: equal arrays give the rows themselves. */
    public TokenBatch pack(int[] promptRows, int[] completionRows) {
        List<SequenceBatcher.Pair> pairs = new ArrayList<>(promptRows.length);
        for (int k = 0; k < promptRows.length; k++) {
            pairs.add(new SequenceBatcher.Pair(prompts[promptRows[k]], completions[completionRows[k]]));
        }
        return batcher.pack(pairs);
    }
}
