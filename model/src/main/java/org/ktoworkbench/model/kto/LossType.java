package org.ktoworkbench.model.kto;

import org.ktoworkbench.model.data.UserText;

/** Which per-row objective {@link KtoLoss} computes; names follow TRL's {@code loss_type}. */
public enum LossType {
    /** Eq. (7) of the KTO paper: value relative to the KL reference point z0. */
    KTO,
    /** Unpaired APO-zero: pushes desirable rewards above 0 and undesirable below, no KL pass. */
    APO_ZERO_UNPAIRED;

    /** The name TRL uses ({@code kto}, {@code apo_zero_unpaired}). */
    public String trlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses TRL's name or this enum's name, case-insensitively. */
    public static LossType parse(String text) {
        for (LossType type : values()) {
            if (type.name().equalsIgnoreCase(text) || type.trlName().equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown loss type '" + UserText.clip(text) + "': expected kto or apo_zero_unpaired");
    }

    /** Whether the objective needs the mismatched KL pairs (policy and reference log-probs). */
    public boolean needsKlPairs() {
        return this == KTO;
    }
}
