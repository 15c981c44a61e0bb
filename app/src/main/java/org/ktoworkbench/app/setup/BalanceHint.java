package org.ktoworkbench.app.setup;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

import org.ktoworkbench.model.data.BalanceCheck;

/**
 * The run screen's reading of {@link BalanceCheck} (the paper's λ_D·n_D / (λ_U·n_U) in [1, 4/3]):
 * whether the ratio is low, high or fine, and the λ_D to offer as a one-click fix, rounded to
 * three significant digits inside the allowed interval so it can be typed back exactly.
 */
public record BalanceHint(BalanceCheck check) {

    public enum Status { IN_RANGE, TOO_LOW, TOO_HIGH, UNDEFINED }

    public static BalanceHint of(double lambdaD, double lambdaU, long desirable, long undesirable) {
        return new BalanceHint(BalanceCheck.of(desirable, undesirable, lambdaD, lambdaU));
    }

    public double ratio() {
        return check.ratio();
    }

    public Status status() {
        if (Double.isNaN(check.ratio())) {
            return Status.UNDEFINED;
        }
        if (check.inRange()) {
            return Status.IN_RANGE;
        }
        return check.ratio() < BalanceCheck.LOW ? Status.TOO_LOW : Status.TOO_HIGH;
    }

    /** The λ_D nearest the current one that puts the ratio in range; the current λ_D when nothing needs fixing. */
    public double fixedDesirableWeight() {
        return switch (status()) {
            case IN_RANGE, UNDEFINED -> check.lambdaD();
            case TOO_LOW -> round(check.lambdaDLow(), RoundingMode.CEILING);
            case TOO_HIGH -> round(check.lambdaDHigh(), RoundingMode.FLOOR);
        };
    }

    /** A sentence for the run setup screen. */
    public String describe() {
        double r = check.ratio();
        return switch (status()) {
            case UNDEFINED -> "Balance undefined: the dataset needs both desirable and undesirable rows.";
            case IN_RANGE -> String.format(Locale.ROOT, "λD·nD / (λU·nU) = %.3f, inside the paper's [1, 4/3].", r);
            case TOO_LOW -> String.format(Locale.ROOT,
                    "λD·nD / (λU·nU) = %.3f, below the paper's [1, 4/3]: raise λD to %s.", r, plain(fixedDesirableWeight()));
            case TOO_HIGH -> String.format(Locale.ROOT,
                    "λD·nD / (λU·nU) = %.3f, above the paper's [1, 4/3]: lower λD to %s.", r, plain(fixedDesirableWeight()));
        };
    }

    private static double round(double v, RoundingMode mode) {
        return BigDecimal.valueOf(v).round(new MathContext(3, mode)).doubleValue();
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
