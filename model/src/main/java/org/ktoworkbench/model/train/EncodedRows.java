package org.ktoworkbench.model.train;

import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.nn.SequenceBatcher;
import org.ktoworkbench.model.nn.TokenBatch;
import org.ktoworkbench.model.text.KtoTokenization;
import org.ktoworkbench.model.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Dataset rows tokenised once, packed into batches on demand by row index. Two tokenizations: the built-in GPT's
 * (prompt and completion bytes, BOS and EOS added and the pair cut to fit when packed, see {@link SequenceBatcher}),
 * and a Hugging Face tokenizer's as TRL does it ({@link KtoTokenization}: prompt and completion ids carry their special
 * tokens already and are joined as they are, the completion cut from the right to {@code maxLength}).
 */
public final class EncodedRows {
    private final int[][] prompts;
    private final int[][] completions;
    private final boolean[] desirable;
    private final int[] rowOfSource; // index in the examples given -> row here, -1 when the tokenization dropped it
    private final SequenceBatcher batcher; // null: ids carry their special tokens
    private final int maxLength;
    private final int padId;

    private EncodedRows(int[][] prompts, int[][] completions, boolean[] desirable, int[] rowOfSource,
                        SequenceBatcher batcher, int maxLength, int padId) {
        this.prompts = prompts;
        this.completions = completions;
        this.desirable = desirable;
        this.rowOfSource = rowOfSource;
        this.batcher = batcher;
        this.maxLength = maxLength;
        this.padId = padId;
    }

    /** The built-in GPT's rows: {@code contextLength} is the longest model input. */
    public EncodedRows(List<Example> examples, Tokenizer tokenizer, int contextLength) {
        this(new int[examples.size()][], new int[examples.size()][], new boolean[examples.size()],
                java.util.stream.IntStream.range(0, examples.size()).toArray(),
                new SequenceBatcher(tokenizer, contextLength), contextLength + 1, tokenizer.padId());
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            prompts[i] = tokenizer.encode(e.prompt());
            completions[i] = tokenizer.encode(e.completion());
            desirable[i] = e.desirable();
        }
    }

    /**
     * Rows a Hugging Face tokenizer gave ({@code tokenized.rows()}, each naming its input index), labelled by
     * {@code desirableByIndex} of the input; rows the tokenization dropped are not here.
     */
    public static EncodedRows tokenized(KtoTokenization.Result tokenized, boolean[] desirableByIndex, int padId) {
        int n = tokenized.rows().size();
        int[][] prompts = new int[n][];
        int[][] completions = new int[n][];
        boolean[] desirable = new boolean[n];
        int[] rowOfSource = new int[desirableByIndex.length];
        Arrays.fill(rowOfSource, -1);
        for (int k = 0; k < n; k++) {
            KtoTokenization.Row row = tokenized.rows().get(k);
            prompts[k] = row.promptIds();
            completions[k] = row.completionIds();
            desirable[k] = desirableByIndex[row.index()];
            rowOfSource[row.index()] = k;
        }
        return new EncodedRows(prompts, completions, desirable, rowOfSource, null, tokenized.maxLength(), padId);
    }

    public int size() {
        return desirable.length;
    }

    /** The row made from example {@code sourceIndex} of the list tokenized, or -1 when the tokenization dropped it. */
    public int rowOf(int sourceIndex) {
        return rowOfSource[sourceIndex];
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

    /** Tokens in the longest sequence {@link #pack} can make (a KL pair joins the longest prompt and completion). */
    public int longestSequence() {
        int prompt = Arrays.stream(prompts).mapToInt(p -> p.length).max().orElse(0);
        int completion = Arrays.stream(completions).mapToInt(c -> c.length).max().orElse(0);
        return Math.min(maxLength, prompt + completion + (batcher == null ? 0 : 2));
    }

    /** Feeds every row's token ids and label, the max length and the packing into {@code digest}. */
    void digestInto(java.security.MessageDigest digest) {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).putInt(size()).putInt(maxLength)
                .putInt(padId).put((byte) (batcher == null ? 0 : 1));
        digest.update(header.array());
        for (int i = 0; i < size(); i++) {
            ids(digest, prompts[i]);
            ids(digest, completions[i]);
            digest.update((byte) (desirable[i] ? 1 : 0));
        }
    }

    private static void ids(java.security.MessageDigest digest, int[] ids) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 + 4 * ids.length).putInt(ids.length);
        for (int id : ids) buffer.putInt(id);
        digest.update(buffer.array());
    }

    /** Packs prompt {@code promptRows[k]} with completion {@code completionRows[k]}: equal arrays give the rows themselves. */
    public TokenBatch pack(int[] promptRows, int[] completionRows) {
        if (batcher != null) {
            List<SequenceBatcher.Pair> pairs = new ArrayList<>(promptRows.length);
            for (int k = 0; k < promptRows.length; k++) {
                pairs.add(new SequenceBatcher.Pair(prompts[promptRows[k]], completions[completionRows[k]]));
            }
            return batcher.pack(pairs);
        }
        List<SequenceBatcher.Sequence> sequences = new ArrayList<>(promptRows.length);
        for (int k = 0; k < promptRows.length; k++) {
            int[] prompt = prompts[promptRows[k]];
            int[] completion = completions[completionRows[k]];
            // a row's own completion fits already; another row's (a KL pair) is cut as TRL cuts the whole sequence
            int keep = Math.min(completion.length, maxLength - prompt.length);
            sequences.add(new SequenceBatcher.Sequence(prompt, Arrays.copyOf(completion, keep), keep < completion.length));
        }
        return SequenceBatcher.packSequences(sequences, padId);
    }
}
