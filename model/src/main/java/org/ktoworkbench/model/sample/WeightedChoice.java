package org.ktoworkbench.model.sample;

import java.util.Arrays;
import java.util.Random;

/** Draws an index with probability proportional to its weight. */
final class WeightedChoice {
    private final int[] weights;
    private final int total;

    WeightedChoice(int... weights) {
        if (weights.length == 0 || Arrays.stream(weights).anyMatch(w -> w < 0)) {
            throw new IllegalArgumentException("weights must be non-empty and non-negative: " + Arrays.toString(weights));
        }
        this.weights = weights.clone();
        this.total = Arrays.stream(weights).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
    }

    int draw(Random random) {
        int ticket = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            ticket -= weights[i];
            if (ticket < 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable: ticket below total");
    }
}
