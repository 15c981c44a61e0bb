package org.ktoworkbench.model.nn;

/**
 * How to choose each new token. Temperature 0 means greedy (argmax); otherwise logits are divided by
 * the temperature, cut to the {@code topK} most likely tokens (0 = no cut) and to the smallest set whose
 * probability reaches {@code topP} (1 = no cut), then sampled with a generator seeded from {@code seed}.
 */
public record GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, long seed) {

    public GenerationConfig {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 (greedy) or positive, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (off) or positive, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
    }

    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
