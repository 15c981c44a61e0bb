package org.ktoworkbench.model.eval;

/** How many of n completions a judge found desirable, with a 95% Wilson interval. NaN rate when n is 0. */
public record DesirableRate(int desirable, int n) {

    public DesirableRate {
        if (desirable < 0 || n < desirable) {
            throw new IllegalArgumentException("need 0 <= desirable <= n, got " + desirable + " of " + n);
        }
    }

    public double value() {
        return n == 0 ? Double.NaN : (double) desirable / n;
    }

    public ConfidenceInterval interval95() {
        return n == 0 ? new ConfidenceInterval(0, 1) : ConfidenceInterval.wilson95(value(), n);
    }
}
