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

    /**
     * A whole sequence, split where the completion starts: prompt ids and completion ids with their special tokens
     * in place (BOS + prompt, completion + EOS here; a Hugging Face tokenization brings its own).
     */
    public record Sequence(int[] promptIds, int[] completionIds, boolean truncated) {}

    public TokenBatch pack(List<Pair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("cannot pack an empty batch");
        }
        return packSequences(pairs.stream().map(this::fit).toList(), tokenizer.padId());
    }

    /** The sequence {@code pair} becomes: BOS + prompt + completion + EOS, cut to fit as the class comment says. */
    public Sequence fit(Pair pair) {
        int promptKeep = pair.prompt().length;
        int completionKeep = pair.completion().length + 1; // + EOS
        int budget = maxLength + 1; // tokens in BOS + prompt + completion + EOS the model can see
        int overflow = 1 + promptKeep + completionKeep - budget;
        if (overflow > 0) {
            int fromPrompt = Math.min(overflow, promptKeep);
            promptKeep -= fromPrompt;
            completionKeep -= overflow - fromPrompt;
        }
        int[] seq = sequence(pair, promptKeep, completionKeep);
        return new Sequence(Arrays.copyOfRange(seq, 0, 1 + promptKeep), Arrays.copyOfRange(seq, 1 + promptKeep, seq.length),
                overflow > 0);
    }

    /**
     * Packs sequences as they are, right-padded with {@code padId}: each row's input is its sequence less the last
     * token, and the completion mask covers the positions whose target is a completion token (the first completion
     * token of a sequence with no prompt tokens has nothing to be predicted from and is not counted).
     */
    public static TokenBatch packSequences(List<Sequence> sequences, int padId) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("cannot pack an empty batch");
        }
        int rows = sequences.size();
        int length = 0;
        int truncated = 0;
        for (Sequence s : sequences) {
            length = Math.max(length, s.promptIds().length + s.completionIds().length - 1);
            if (s.truncated()) truncated++;
        }
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        float[] mask = new float[rows * length];
        Arrays.fill(inputs, padId);
        Arrays.fill(targets, padId);
        long tokens = 0;
        long completionTokens = 0;
        for (int b = 0; b < rows; b++) {
            Sequence s = sequences.get(b);
            int[] seq = new int[s.promptIds().length + s.completionIds().length];
            System.arraycopy(s.promptIds(), 0, seq, 0, s.promptIds().length);
            System.arraycopy(s.completionIds(), 0, seq, s.promptIds().length, s.completionIds().length);
            int n = Math.max(0, seq.length - 1);
            System.arraycopy(seq, 0, inputs, b * length, n);
            if (n > 0) System.arraycopy(seq, 1, targets, b * length, n);
            int first = Math.max(0, s.promptIds().length - 1);
            for (int t = first; t < n; t++) {
                mask[b * length + t] = 1f;
            }
            tokens += n;
            completionTokens += Math.max(0, n - first);
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
