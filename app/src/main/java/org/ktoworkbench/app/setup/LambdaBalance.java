package org.ktoworkbench.app.setup;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The KTO paper's class-balance guidance: λ_D·n_D / (λ_U·n_U) should lie in [1, 4/3] (its latest
 * version widens the upper end to 3/2). {@link #fixedDesirableWeight()} is the λ_D, rounded to three
 * significant digits, that brings the ratio into range with the least change.
 */
public record LambdaBalance(double desirableWeight, double undesirableWeight, long desirableCount, long undesirableCount) {
    public static final double LOW = 1.0;
    public static final double HIGH = 4.0 / 3.0;

    public enum Status { IN_RANGE, TOO_LOW, TOO_HIGH, UNDEFINED }

    /** NaN when either side has no examples or λ_U is zero. */
    public double ratio() {
        double denominator = undesirableWeight * undesirableCount;
        if (desirableCount == 0 || denominator == 0) {
            return Double.NaN;
        }
        return desirableWeight * desirableCount / denominator;
    }

    public Status status() {
        double r = ratio();
        if (Double.isNaN(r)) {
            return Status.UNDEFINED;
        }
        // a small tolerance so a rounded λ_D whose ratio prints as 1.000 counts as in range
        if (r < LOW - 1e-9) {
            return Status.TOO_LOW;
        }
        if (r > HIGH + 1e-9) {
            return Status.TOO_HIGH;
        }
        return Status.IN_RANGE;
    }

    /** The three-significant-digit λ_D nearest the current one whose ratio lies in [1, 4/3]; the current λ_D when already in range. */
    public double fixedDesirableWeight() {
        Status s = status();
        if (s == Status.IN_RANGE || s == Status.UNDEFINED) {
            return desirableWeight;
        }
        double perUnit = undesirableWeight * undesirableCount / desirableCount;
        BigDecimal target = s == Status.TOO_LOW
                ? BigDecimal.valueOf(LOW * perUnit).round(new MathContext(3, RoundingMode.CEILING))
                : BigDecimal.valueOf(HIGH * perUnit).round(new MathContext(3, RoundingMode.FLOOR));
        return target.doubleValue();
    }

    /** A sentence for the run setup screen. */
    public String describe() {
        double r = ratio();
        return switch (status()) {
            case UNDEFINED -> "Balance undefined: the dataset needs both desirable and undesirable rows.";
            case IN_RANGE -> String.format(java.util.Locale.ROOT,
                    "λD·nD / (λU·nU) = %.3f, inside the paper's [1, 4/3].", r);
            case TOO_LOW -> String.format(java.util.Locale.ROOT,
                    "λD·nD / (λU·nU) = %.3f, below the paper's [1, 4/3]: raise λD to %s.", r, BigDecimal.valueOf(fixedDesirableWeight()).stripTrailingZeros().toPlainString());
            case TOO_HIGH -> String.format(java.util.Locale.ROOT,
                    "λD·nD / (λU·nU) = %.3f, above the paper's [1, 4/3]: lower λD to %s.", r, BigDecimal.valueOf(fixedDesirableWeight()).stripTrailingZeros().toPlainString());
        };
    }
}
