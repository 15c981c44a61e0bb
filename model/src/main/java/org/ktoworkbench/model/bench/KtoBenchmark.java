package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.train.KtoStepRunner;

/** Times full KTO training steps on synthetic data, after untimed warmup steps. */
public final class KtoBenchmark {
    private KtoBenchmark() {}

    public static Result run(BenchShape shape, int warmupSteps, int timedSteps, long seed) {
        if (warmupSteps < 0 || timedSteps < 1) {
            throw new IllegalArgumentException("warmup must be at least 0 and steps at least 1, got " + warmupSteps
                    + " and " + timedSteps);
        }
        try (KtoStepRunner runner = SyntheticKto.runner(shape, seed)) {
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
            return new Result(shape, new Timings(millis), (double) tokens / timedSteps, FlopCount.ktoStep(shape));
        }
    }

    /**
     * @param tokensPerStep policy input tokens per step, as the trainer counted them
     * @param flopsPerStep  matrix-product FLOPs per step ({@link FlopCount#ktoStep})
     */
    public record Result(BenchShape shape, Timings timings, double tokensPerStep, double flopsPerStep) {
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
