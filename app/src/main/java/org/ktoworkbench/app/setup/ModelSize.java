package org.ktoworkbench.app.setup;

import java.util.List;

import org.ktoworkbench.model.train.ModelSpec;

/** A named size of the built-in GPT offered on the run screen. */
public record ModelSize(String label, ModelSpec spec) {
    public static List<ModelSize> presets() {
        return List.of(
                new ModelSize("tiny", new ModelSpec(1, 64, 4, 32)),
                new ModelSize("small (default)", ModelSpec.small()),
                new ModelSize("medium", new ModelSpec(4, 256, 4, 128)));
    }

    /** The preset with this spec, or a "custom" entry describing it (a loaded config may hold any size). */
    public static ModelSize of(ModelSpec spec) {
        return presets().stream().filter(p -> p.spec().equals(spec)).findFirst()
                .orElse(new ModelSize("custom", spec));
    }

    @Override
    public String toString() {
        return label + " · " + spec.layers() + " layers, d " + spec.dModel() + ", " + spec.heads() + " heads, ctx "
                + spec.contextLength();
    }
}
