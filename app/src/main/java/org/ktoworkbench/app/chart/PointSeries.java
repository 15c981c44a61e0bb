package org.ktoworkbench.app.chart;

import java.util.Arrays;

/**
 * All points of one metric curve, in arrival order, stored as primitive arrays so a series of
 * 100,000+ points costs a few megabytes and no boxing. Steps are expected to be non-decreasing;
 * a point with a smaller step than the last one is still kept (the chart sorts nothing).
 */
public final class PointSeries {
    private double[] steps = new double[64];
    private double[] values = new double[64];
    private int size;

    public void add(double step, double value) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        steps[size] = step;
        values[size] = value;
        size++;
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public double step(int i) {
        return steps[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** Index of the point whose step is nearest to {@code step}; -1 when empty. */
    public int nearestIndex(double step) {
        if (size == 0) {
            return -1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (steps[mid] < step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > 0 && Math.abs(steps[lo - 1] - step) <= Math.abs(steps[lo] - step)) {
            return lo - 1;
        }
        return lo;
    }

    double[] stepsView() {
        return steps;
    }

    double[] valuesView() {
        return values;
    }
}
