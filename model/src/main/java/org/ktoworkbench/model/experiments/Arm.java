package org.ktoworkbench.model.experiments;

import java.util.Map;

/**
 * One arm of an experiment: a label and the run config fields it sets over the experiment's base config (the loss
 * type, the dataset it aligns on, λ_D, β...).
 */
public record Arm(String label, Map<String, Object> fields) {
    public Arm {
        fields = Map.copyOf(fields);
    }
}
