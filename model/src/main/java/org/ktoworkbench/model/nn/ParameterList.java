package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/** Collects a model's parameters in construction order (which fixes the seeded initialisation). */
final class ParameterList {
    private final ParameterSource source;
    private final List<NamedParameter> parameters = new ArrayList<>();

    ParameterList(ParameterSource source) {
        this.source = source;
    }

    NDArray add(String name, Shape shape, ParameterSource.Init init, boolean decay) {
        NDArray array = source.get(name, shape, init);
        array.setName(name);
        if (source.trainable()) {
            array.setRequiresGradient(true);
        }
        parameters.add(new NamedParameter(name, array, decay));
        return array;
    }

    List<NamedParameter> asList() {
        return List.copyOf(parameters);
    }
}
