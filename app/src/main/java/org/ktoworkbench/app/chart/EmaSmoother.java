package org.ktoworkbench.app.chart;

/**
 * Debiased exponential moving average, the smoothing TensorBoard and Weights &amp; Biases apply to
 * curves: {@code last = w·last + (1−w)·v}, shown as {@code last / (1 − w^k)} after k finite points,
 * so the first points are not pulled toward zero. Non-finite values pass through unsmoothed and
 * do not disturb the average.
 */
public final class EmaSmoother {
    private EmaSmoother() {
    }

    public static double[] smooth(double[] values, int size, double weight) {
        if (weight < 0 || weight >= 1) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1): " + weight);
        }
        double[] out = new double[size];
        double last = 0;
        int finiteCount = 0;
        for (int i = 0; i < size; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = v;
                continue;
            }
            last = last * weight + (1 - weight) * v;
            finiteCount++;
            double debias = 1 - Math.pow(weight, finiteCount);
            out[i] = weight == 0 ? v : last / debias;
        }
        return out;
    }
}
