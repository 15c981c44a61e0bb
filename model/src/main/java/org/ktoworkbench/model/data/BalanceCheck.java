package org.ktoworkbench.model.data;

import java.util.Locale;

/**
 * The KTO paper's class-balance guidance: λ_D·n_D / (λ_U·n_U) should lie in [1, 4/3] (its latest
 * version widens this to [1, 3/2]). {@code lambdaDLow..lambdaDHigh} is the λ_D interval that would put
 * the ratio in [1, 4/3] for the given λ_U; NaN when a side has no rows.
 */
public record BalanceCheck(long desirable, long undesirable, double lambdaD, double lambdaU, double ratio,
                           boolean inRange, double lambdaDLow, double lambdaDHigh) {

    public static final double LOW = 1.0;
    public static final double HIGH = 4.0 / 3.0;

    public static BalanceCheck of(long desirable, long undesirable, double lambdaD, double lambdaU) {
        if (!(lambdaD > 0) || !(lambdaU > 0)) {
            throw new IllegalArgumentException("λ_D and λ_U must be positive (got " + lambdaD + ", " + lambdaU + ")");
        }
        if (desirable == 0 || undesirable == 0) {
            return new BalanceCheck(desirable, undesirable, lambdaD, lambdaU, Double.NaN, false, Double.NaN, Double.NaN);
        }
        double ratio = lambdaD * desirable / (lambdaU * undesirable);
        double low = LOW * lambdaU * undesirable / desirable;
        double high = HIGH * lambdaU * undesirable / desirable;
        // a small tolerance so that λ values printed and typed back at 4 decimals still count as inside
        boolean inRange = ratio >= LOW - 1e-9 && ratio <= HIGH + 1e-9;
        return new BalanceCheck(desirable, undesirable, lambdaD, lambdaU, ratio, inRange, low, high);
    }

    public String message() {
        if (Double.isNaN(ratio)) {
            return "the dataset has " + (desirable == 0 ? "no desirable" : "no undesirable")
                    + " rows: KTO needs both kinds to balance";
        }
        String head = String.format(Locale.ROOT, "λ_D·n_D / (λ_U·n_U) = %.4g·%d / (%.4g·%d) = %.4f",
                lambdaD, desirable, lambdaU, undesirable, ratio);
        if (inRange) {
            return head + ", inside the paper's recommended [1, 4/3]";
        }
        return head + String.format(Locale.ROOT, ", outside the paper's recommended [1, 4/3] (its latest version"
                + " allows up to 3/2); with λ_U = %.4g, a λ_D in [%.4f, %.4f] would bring it inside", lambdaU,
                lambdaDLow, lambdaDHigh);
    }
}
