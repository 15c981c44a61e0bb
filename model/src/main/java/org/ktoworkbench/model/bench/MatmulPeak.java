package org.ktoworkbench.model.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.nn.GradMode;

/**
 * This machine's fp32 matrix-product rate through DJL's engine, with the threads the engine was started with:
 * square products of {@code size}×{@code size} (2·size³ FLOPs each), timed after one untimed warmup product.
 * PyTorch on CPU computes eagerly, so a product is done when {@code matMul} returns.
 */
public final class MatmulPeak {
    private MatmulPeak() {}

    /** GFLOP/s per timed product; {@link Rate#peak()} is the best of them. */
    public static Rate measure(int size, int reps) {
        if (size < 1 || reps < 1) {
            throw new IllegalArgumentException("matrix size and repetitions must be at least 1, got " + size + " and " + reps);
        }
        double flops = 2.0 * size * size * size;
        double[] millis = new double[reps];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(size, size), DataType.FLOAT32);
            NDArray b = manager.randomUniform(-1, 1, new Shape(size, size), DataType.FLOAT32);
            GradMode.withoutGradient(() -> {
                a.matMul(b).close();
                for (int r = 0; r < reps; r++) {
                    long start = System.nanoTime();
                    NDArray product = a.matMul(b);
                    millis[r] = (System.nanoTime() - start) / 1e6;
                    product.close();
                }
                return null;
            });
        }
        return new Rate(flops, new Timings(millis));
    }

    /** @param flops FLOPs of one product */
    public record Rate(double flops, Timings timings) {
        /** GFLOP/s of the fastest product. */
        public double peak() {
            return flops / timings.best() / 1e6;
        }
    }
}
