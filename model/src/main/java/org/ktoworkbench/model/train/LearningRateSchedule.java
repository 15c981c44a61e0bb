package org.ktoworkbench.model.train;

/**
 * Learning rate per optimizer step, as Hugging Face's schedulers give it: linear warmup from 0
 * over {@code warmupSteps}, then constant, linear or cosine decay to {@code minLrRatio · peakLr}
 * at {@code totalSteps}.
 *
 * <p>{@code step} is the number of optimizer steps already taken (0 for the first update), which is
 * what HF's {@code LambdaLR} passes to its lambda: with warmup, the first update uses lr 0.
 * With {@code minLrRatio} 0 the factors are exactly those of {@code get_constant_schedule_with_warmup},
 * {@code get_linear_schedule_with_warmup} and {@code get_cosine_schedule_with_warmup} (half a cycle);
 * a ratio above 0 lifts the decay like {@code get_cosine_with_min_lr_schedule_with_warmup}:
 * factor' = ratio + (1 − ratio)·factor.
 *
 * @param decay       shape after warmup
 * @param peakLr      the learning rate at the end of warmup
 * @param totalSteps  optimizer steps of the whole run
 * @param warmupSteps steps of linear warmup (see {@link #warmupSteps(double, long)} for a fraction)
 * @param minLrRatio  floor of the decay as a fraction of {@code peakLr}, in [0, 1]
 */
public record LearningRateSchedule(Decay decay, double peakLr, long totalSteps, long warmupSteps, double minLrRatio) {

    /** Shape of the schedule after warmup. */
    public enum Decay { CONSTANT, LINEAR, COSINE }

    public LearningRateSchedule {
        if (decay == null) {
            throw new IllegalArgumentException("decay must be given (CONSTANT, LINEAR or COSINE)");
        }
        if (!(peakLr >= 0) || Double.isInfinite(peakLr)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + peakLr);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total steps must be at least 1, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmup steps must be in [0, total steps = " + totalSteps + "], got "
                    + warmupSteps);
        }
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
            throw new IllegalArgumentException("min lr ratio must be in [0, 1], got " + minLrRatio);
        }
    }

    public static LearningRateSchedule constant(double lr, long totalSteps, long warmupSteps) {
        return new LearningRateSchedule(Decay.CONSTANT, lr, totalSteps, warmupSteps, 0.0);
    }

    public static LearningRateSchedule linear(double peakLr, long totalSteps, long warmupSteps) {
        return new LearningRateSchedule(Decay.LINEAR, peakLr, totalSteps, warmupSteps, 0.0);
    }

    public static LearningRateSchedule cosine(double peakLr, long totalSteps, long warmupSteps) {
        return new LearningRateSchedule(Decay.COSINE, peakLr, totalSteps, warmupSteps, 0.0);
    }

    /** The same schedule decaying to {@code ratio · peakLr} instead of 0. */
    public LearningRateSchedule withMinLrRatio(double ratio) {
        return new LearningRateSchedule(decay, peakLr, totalSteps, warmupSteps, ratio);
    }

    /** Warmup steps for a warmup fraction, rounded up as HF's {@code warmup_ratio} is. */
    public static long warmupSteps(double warmupRatio, long totalSteps) {
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
            throw new IllegalArgumentException("warmup ratio must be in [0, 1], got " + warmupRatio);
        }
        return (long) Math.ceil(totalSteps * warmupRatio);
    }

    /** Learning rate for the update that follows {@code step} completed updates. */
    public double lr(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return peakLr * factor(step);
    }

    private double factor(long step) {
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        if (decay == Decay.CONSTANT) {
            return 1.0;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        double decayed = decay == Decay.LINEAR ? 1.0 - progress : 0.5 * (1.0 + Math.cos(Math.PI * progress));
        return minLrRatio + (1.0 - minLrRatio) * decayed;
    }
}
