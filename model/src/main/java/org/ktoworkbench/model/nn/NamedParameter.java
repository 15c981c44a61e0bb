package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * One trainable tensor of a model. {@code decay} says whether AdamW applies weight decay to it
 * (matrices yes; biases, LayerNorm gains and position tables no).
 */
public record NamedParameter(String name, NDArray value, boolean decay) {}
