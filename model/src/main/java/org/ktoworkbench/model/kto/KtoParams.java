package org.ktoworkbench.model.kto;

/**
 * Hyperparameters of the KTO objective.
 *
 * @param beta              β, the reward scale (TRL default 0.1)
 * @param desirableWeight   λ_D, weight of each desirable row's term
 * @param undesirableWeight λ_U, weight of each undesirable row's term
 * @param lossType          which objective
 */
public record KtoParams(double beta, double desirableWeight, double undesirableWeight, LossType lossType) {

    public KtoParams {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        requireWeight("desirableWeight (lambda_D)", desirableWeight);
        requireWeight("undesirableWeight (lambda_U)", undesirableWeight);
        if (lossType == null) {
            throw new IllegalArgumentException("lossType must be given (KTO, APO_ZERO_UNPAIRED, DPO or SFT)");
        }
    }

    /** TRL's defaults: β 0.1, λ_D = λ_U = 1, KTO. */
    public static KtoParams defaults() {
        return new KtoParams(0.1, 1.0, 1.0, LossType.KTO);
    }

    private static void requireWeight(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }
}
