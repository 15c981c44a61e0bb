package org.ktoworkbench.model.kto;

import org.ktoworkbench.model.data.UserText;

import java.util.Locale;

/**
 * Which objective the alignment phase trains; names follow TRL's {@code loss_type}. KTO and APO_ZERO_UNPAIRED are
 * per-row objectives on unpaired rows ({@link KtoLoss}); DPO is TRL's DPOTrainer sigmoid loss on preference pairs
 * ({@link DpoLoss}).
 */
public enum LossType {
    /** Eq. (7) of the KTO paper: value relative to the KL reference point z0. */
    KTO("KTO"),
    /** Unpaired APO-zero: pushes desirable rewards above 0 and undesirable below, no KL pass. */
    APO_ZERO_UNPAIRED("APO-zero unpaired (KTO without its reference point)"),
    /** DPO's sigmoid loss on (chosen, rejected) pairs: the rows of one pair_id. */
    DPO("DPO (preference pairs, sigmoid loss)"),
    /** The paper's SFT+ baseline: supervised fine-tuning of the aligned model on the desirable rows only. */
    SFT("SFT+ (fine-tuning on the desirable rows only)");

    private final String label;

    LossType(String label) {
        this.label = label;
    }

    /** The name TRL uses ({@code kto}, {@code apo_zero_unpaired}, {@code dpo}). */
    public String trlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a person picking an objective reads: the name and, where it is not plain, what it is. */
    public String label() {
        return label;
    }

    /** Parses TRL's name or this enum's name, case-insensitively. */
    public static LossType parse(String text) {
        for (LossType type : values()) {
            if (type.name().equalsIgnoreCase(text) || type.trlName().equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown loss type '" + UserText.clip(text) + "': expected kto, apo_zero_unpaired, dpo or sft");
    }

    /** Whether the objective needs the mismatched KL pairs (policy and reference log-probs). */
    public boolean needsKlPairs() {
        return this == KTO;
    }

    /** Whether the objective trains on preference pairs (rows sharing a pair_id) rather than on single rows. */
    public boolean paired() {
        return this == DPO;
    }

    /**
     * Batch-sized forward passes whose activations a step holds at its peak: the policy's pass with gradient, kept for
     * backward (the passes without gradient, reference and KL pairs, free each block's arrays as they go and run
     * before it). DPO's policy pass reads the chosen and the rejected rows of a batch of pairs: two.
     */
    public int forwardPasses() {
        return this == DPO ? 2 : 1;
    }

    /** Whether the objective trains on the desirable rows only (with the SFT loss). */
    public boolean desirableOnly() {
        return this == SFT;
    }
}
