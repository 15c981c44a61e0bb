package org.ktoworkbench.model.nn.lora;

import java.util.List;

/**
 * A LoRA adapter's settings, named as PEFT's {@code LoraConfig}: y = W·x + (alpha / rank)·B·A·dropout(x) on each
 * projection whose module name ends in one of {@code targets}. Empty {@code targets}: the architecture's PEFT default
 * ({@link LoraTargets#defaults}). Defaults are PEFT's: rank 8, alpha 8, dropout 0.
 */
public record LoraSpec(int rank, double alpha, double dropout, List<String> targets) {
    public static final int DEFAULT_RANK = 8;
    public static final double DEFAULT_ALPHA = 8;
    public static final double DEFAULT_DROPOUT = 0;

    public LoraSpec {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public static LoraSpec defaults() {
        return new LoraSpec(DEFAULT_RANK, DEFAULT_ALPHA, DEFAULT_DROPOUT, List.of());
    }

    /** PEFT's {@code scaling}: alpha / r. */
    public double scale() {
        return alpha / rank;
    }

    public LoraSpec withTargets(List<String> names) {
        return new LoraSpec(rank, alpha, dropout, names);
    }

    /** What is wrong with the numbers, as {@code field: problem} under {@code prefix} (e.g. {@code lora.}); empty when none. */
    public List<String[]> problems(String prefix) {
        List<String[]> out = new java.util.ArrayList<>();
        if (rank < 1) out.add(new String[] {prefix + "rank", "must be at least 1, got " + rank});
        if (!(alpha > 0) || Double.isInfinite(alpha)) out.add(new String[] {prefix + "alpha", "must be a positive number, got " + alpha});
        if (!(dropout >= 0 && dropout < 1)) out.add(new String[] {prefix + "dropout", "must be in [0, 1), got " + dropout});
        for (String t : targets) {
            if (t == null || t.isBlank()) out.add(new String[] {prefix + "targets", "must not hold an empty name"});
        }
        return out;
    }
}
