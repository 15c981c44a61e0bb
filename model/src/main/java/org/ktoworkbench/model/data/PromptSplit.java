package org.ktoworkbench.model.data;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Train/eval split by prompt: every row of a prompt lands on the same side, so no eval prompt is
 * ever trained on. Prompts are ranked by a seeded {@link StableHash} and the first
 * round(fraction·n) go to eval (at least one and at most n−1 when 0 &lt; fraction &lt; 1 and n ≥ 2), so
 * the split is exact in size and the same on every machine.
 */
public final class PromptSplit {
    private PromptSplit() {
    }

    public static Set<String> evalPrompts(Collection<String> distinctPrompts, double evalFraction, long seed) {
        if (!(evalFraction >= 0 && evalFraction <= 1)) {
            throw new IllegalArgumentException("eval fraction must be in [0, 1], got " + evalFraction);
        }
        int n = distinctPrompts.size();
        int count = (int) Math.round(evalFraction * n);
        if (evalFraction > 0 && evalFraction < 1 && n >= 2) {
            count = Math.min(Math.max(count, 1), n - 1);
        }
        record Ranked(long hash, String prompt) {
        }
        List<Ranked> ranked = distinctPrompts.stream()
                .map(p -> new Ranked(StableHash.of(p, seed), p))
                .sorted(Comparator.comparingLong(Ranked::hash).thenComparing(Ranked::prompt))
                .toList();
        Set<String> eval = new HashSet<>();
        for (int i = 0; i < count; i++) {
            eval.add(ranked.get(i).prompt());
        }
        return eval;
    }
}
