package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fills parameters from a Java random generator, so the same seed gives bit-identical weights on any
 * engine, thread count or machine.
 */
final class SeededInit implements ParameterSource {
    private final NDManager manager;
    private final DataType dataType;
    private final SplittableRandom random;

    /** @param dataType FLOAT32 or FLOAT64 */
    SeededInit(NDManager manager, DataType dataType, long seed) {
        this.manager = manager;
        this.dataType = dataType;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public NDArray get(String name, Shape shape, Init init) {
        double[] values = new double[Math.toIntExact(shape.size())];
        if (init instanceof Normal normal) {
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextGaussian() * normal.std();
            }
        } else if (init instanceof Constant constant) {
            Arrays.fill(values, constant.value());
        }
        if (dataType == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return manager.create(floats, shape);
    }

    @Override
    public boolean trainable() {
        return true;
    }
}
