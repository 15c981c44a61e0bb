package org.ktoworkbench.model.nn;

import java.util.Random;

/** LoRA's B starts at zero, which leaves A without a gradient: tests that check both give B small random values. */
final class LoraTestWeights {
    private LoraTestWeights() {}

    static void giveBValues(CausalLm model, long seed) {
        Random random = new Random(seed);
        for (NamedParameter p : model.parameters()) {
            if (!p.name().contains("lora_B")) continue;
            float[] values = new float[Math.toIntExact(p.value().size())];
            for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian() * 0.1f;
            p.value().set(values);
        }
    }
}
