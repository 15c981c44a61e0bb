package org.ktoworkbench.model.nn;

import ai.djl.pytorch.jni.JniUtils;

import java.util.function.Supplier;

/**
 * Runs work with autograd recording off on the current thread, restoring the previous mode after.
 * Grad mode is per thread in PyTorch; inside a GradientCollector it is on, so a pass whose result
 * needs no gradient (reference model, KL pass, generation) should run through here to avoid building
 * a graph.
 */
public final class GradMode {
    private GradMode() {}

    public static <T> T withoutGradient(Supplier<T> work) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
