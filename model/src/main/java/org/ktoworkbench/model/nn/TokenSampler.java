package org.ktoworkbench.model.nn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Picks the next token from one row of logits, in Java, so sampling is deterministic for a seed. */
final class TokenSampler {
    private final GenerationConfig config;

    TokenSampler(GenerationConfig config) {
        this.config = config;
    }

    /** @param logits row-major logits, the row being {@code vocab} values from {@code offset} */
    int next(float[] logits, int offset, int vocab, SplittableRandom random) {
        if (config.isGreedy()) {
            return argmax(logits, offset, vocab);
        }
        Integer[] order = IntStream.range(0, vocab).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -logits[offset + i]).thenComparingInt(i -> i));
        int kept = config.topK() == 0 ? vocab : Math.min(config.topK(), vocab);
        double max = logits[offset + order[0]] / config.temperature();
        double[] weights = new double[kept];
        double total = 0;
        for (int i = 0; i < kept; i++) {
            weights[i] = Math.exp(logits[offset + order[i]] / config.temperature() - max);
            total += weights[i];
        }
        if (config.topP() < 1) {
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < kept && cumulative < config.topP() * total) {
                cumulative += weights[nucleus++];
            }
            kept = Math.max(1, nucleus);
            total = cumulative;
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
