package org.ktoworkbench.model.eval;

/**
 * A two-sided confidence interval for a proportion.
 *
 * <p>We use the Wilson score interval: unlike the plain normal ("Wald") interval it stays inside
 * [0, 1] and keeps close to its nominal coverage at the small sample counts and extreme rates
 * (a policy right 95% of the time on 64 prompts) that winrate evaluations here produce.
 */
public record ConfidenceInterval(double lower, double upper) {
    /** Two-sided 95% standard normal quantile. */
    public static final double Z95 = 1.959963984540054;

    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("lower bound " + lower + " above upper bound " + upper);
        }
    }

    /** The 95% Wilson score interval of an observed proportion over {@code n} trials; [0, 1] when n is 0. */
    public static ConfidenceInterval wilson95(double proportion, int n) {
        return wilson(proportion, n, Z95);
    }

    public static ConfidenceInterval wilson(double proportion, int n, double z) {
        if (n < 0 || !(proportion >= 0 && proportion <= 1)) {
            throw new IllegalArgumentException("need 0 <= proportion <= 1 and n >= 0, got " + proportion + " over " + n);
        }
        if (n == 0) {
            return new ConfidenceInterval(0, 1);
        }
        double z2n = z * z / n;
        double denominator = 1 + z2n;
        double center = (proportion + z2n / 2) / denominator;
        double halfWidth = z / denominator * Math.sqrt(proportion * (1 - proportion) / n + z2n / (4.0 * n));
        return new ConfidenceInterval(Math.max(0, center - halfWidth), Math.min(1, center + halfWidth));
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
