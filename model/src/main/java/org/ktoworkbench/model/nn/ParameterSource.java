package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Where the arrays of a model under construction come from: a seeded initialisation or saved weights. */
interface ParameterSource {

    /** How a freshly initialised parameter is filled; sources that load weights ignore it. */
    sealed interface Init permits Normal, Constant {}

    record Normal(double std) implements Init {}

    record Constant(double value) implements Init {}

    Init ZEROS = new Constant(0);
    Init ONES = new Constant(1);

    /** The array for parameter {@code name}, of exactly {@code shape}, owned by the model's manager. */
    NDArray get(String name, Shape shape, Init init);

    /** Whether the arrays from this source should record gradients. */
    boolean trainable();
}
