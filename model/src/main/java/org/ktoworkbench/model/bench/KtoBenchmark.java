package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.train.KtoStepRunner;
import org.ktoworkbench.model.train.StepOptions;

/** Times full KTO training steps on synthetic data, after untimed warmup steps. */
public final class KtoBenchmark {
    private KtoBenchmark() {}

    /** Steps of a built-in GPT of {@code shape}, its weights and rows from {@code seed}, computed as {@code options} say. */
    public static Result run(BenchShape shape, int warmupSteps, int timedSteps, long seed, StepOptions options) {
        return run(Gpt.create(shape.gptConfig(), seed), DecoderDims.of(shape.gptConfig()), shape.seqLen(),
                shape.batch(), warmupSteps, timedSteps, seed, options);
    }

    /**
     * Steps of {@code policy} (a loaded model, closed when this returns) on micro-batches of {@code batch} synthetic
     * rows of {@code seqLen} tokens; {@code dims} are its widths, for the FLOP count.
     */
    public static Result run(CausalLm policy, DecoderDims dims, int seqLen, int batch, int warmupSteps, int timedSteps,
                             long seed, StepOptions options) {
        if (warmupSteps < 0 || timedSteps < 1) {
            policy.close();
            throw new IllegalArgumentException("warmup must be at least 0 and steps at least 1, got " + warmupSteps
                    + " and " + timedSteps);
        }
        try (KtoStepRunner runner = SyntheticKto.runner(policy, seqLen, batch, seed, options)) {
            for (int i = 0; i < warmupSteps; i++) {
                runner.step();
            }
            double[] millis = new double[timedSteps];
            long tokens = 0;
            for (int i = 0; i < timedSteps; i++) {
                long start = System.nanoTime();
                KtoStepRunner.StepReport report = runner.step();
                millis[i] = (System.nanoTime() - start) / 1e6;
                tokens += report.tokens();
            }
            return new Result(new Timings(millis), (double) tokens / timedSteps, FlopCount.ktoStep(dims, batch, seqLen));
        }
    }

    /**
     * @param tokensPerStep policy input tokens per step, as the trainer counted them
     * @param flopsPerStep  matrix-product FLOPs per step ({@link FlopCount#ktoStep})
     */
    public record Result(Timings timings, double tokensPerStep, double flopsPerStep) {
        /** Milliseconds per step: the median of the timed steps. */
        public double msPerStep() {
            return timings.median();
        }

        public double tokensPerSecond() {
            return tokensPerStep / (msPerStep() / 1000);
        }

        public double gflopsPerSecond() {
            return flopsPerStep / (msPerStep() / 1000) / 1e9;
        }
    }
}
