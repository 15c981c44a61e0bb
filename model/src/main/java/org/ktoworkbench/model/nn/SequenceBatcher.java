package org.ktoworkbench.model.nn;

import org.ktoworkbench.model.text.Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Packs tokenised (prompt, completion) pairs into a {@link TokenBatch}. A sequence is
 * BOS + prompt + completion + EOS, and the model reads all of it but the last token, so it fits when
 * prompt + completion + 1 tokens fit the context. Too long: the prompt loses tokens from its left
 * (BOS stays), then the completion from its right, EOS first (as TRL truncates); at least one
 * completion token is always kept.
 */
public final class SequenceBatcher {
    private final Tokenizer tokenizer;
    private final int maxLength;

    /** @param maxLength longest model input, normally the model's context length */
    public SequenceBatcher(Tokenizer tokenizer, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
        }
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** One (prompt, completion) pair, as token ids without special tokens. */
    public record Pair(int[] prompt, int[] completion) {}

    public TokenBatch pack(List<Pair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("cannot pack an empty batch");
        }
        int rows = pairs.size();
        int[][] sequences = new int[rows][];
        int[] promptEnds = new int[rows];
        int truncated = 0;
        int length = 0;
        for (int b = 0; b < rows; b++) {
            Pair pair = pairs.get(b);
            int promptKeep = pair.prompt().length;
            int completionKeep = pair.completion().length + 1; // + EOS
            int budget = maxLength + 1; // tokens in BOS + prompt + completion + EOS the model can see
            int overflow = 1 + promptKeep + completionKeep - budget;
            if (overflow > 0) {
                truncated++;
                int fromPrompt = Math.min(overflow, promptKeep);
                promptKeep -= fromPrompt;
                completionKeep -= overflow - fromPrompt;
            }
            sequences[b] = sequence(pair, promptKeep, completionKeep);
            promptEnds[b] = 1 + promptKeep; // index of the first completion token
            length = Math.max(length, sequences[b].length - 1);
        }
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        float[] mask = new float[rows * length];
        Arrays.fill(inputs, tokenizer.padId());
        Arrays.fill(targets, tokenizer.padId());
        long tokens = 0;
        long completionTokens = 0;
        for (int b = 0; b < rows; b++) {
            int[] seq = sequences[b];
            int n = seq.length - 1;
            System.arraycopy(seq, 0, inputs, b * length, n);
            System.arraycopy(seq, 1, targets, b * length, n);
            for (int t = promptEnds[b] - 1; t < n; t++) {
                mask[b * length + t] = 1f;
            }
            tokens += n;
            completionTokens += n - (promptEnds[b] - 1);
        }
        return new TokenBatch(rows, length, inputs, targets, mask, tokens, completionTokens, truncated);
    }

    private int[] sequence(Pair pair, int promptKeep, int completionKeep) {
        int[] prompt = pair.prompt();
        int[] completion = pair.completion();
        int[] seq = new int[1 + promptKeep + completionKeep];
        seq[0] = tokenizer.bosId();
        System.arraycopy(prompt, prompt.length - promptKeep, seq, 1, promptKeep);
        int fromCompletion = Math.min(completionKeep, completion.length);
        System.arraycopy(completion, 0, seq, 1 + promptKeep, fromCompletion);
        if (completionKeep > completion.length) {
            seq[seq.length - 1] = tokenizer.eosId();
        }
        return seq;
    }
}
