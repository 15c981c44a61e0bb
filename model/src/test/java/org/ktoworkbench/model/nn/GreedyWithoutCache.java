package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Greedy decoding by recomputing full logits every step: what the KV-cache path must reproduce. */
public final class GreedyWithoutCache {
    private GreedyWithoutCache() {}

    public static int[] generate(CausalLm model, Tokenizer tokenizer, int[] prompt, int maxNew) {
        List<Integer> sequence = new ArrayList<>();
        sequence.add(tokenizer.bosId());
        Arrays.stream(prompt).forEach(sequence::add);
        List<Integer> out = new ArrayList<>();
        int v = model.vocabSize();
        for (int step = 0; step < maxNew; step++) {
            try (NDManager m = NDManager.newBaseManager()) {
                int[] tokens = sequence.stream().mapToInt(Integer::intValue).toArray();
                float[] logits = model.logits(m.create(tokens, new Shape(1, tokens.length))).toFloatArray();
                int next = TokenSampler.argmax(logits, (tokens.length - 1) * v, v);
                if (next == tokenizer.eosId()) {
                    break;
                }
                out.add(next);
                sequence.add(next);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
