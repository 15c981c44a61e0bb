package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.train.KtoStepRunner;

/**
 * Runs many KTO steps and samples resident memory after step {@code sampleAt} and after the last step: a native leak
 * (arrays left in a manager that outlives the step) shows as growth between the two.
 *
 * <p>The JVM commits heap it has not touched yet: as the collector first uses those pages, RSS grows by up to the
 * heap size without any leak. For a reading of native memory alone, pre-touch a fixed heap
 * ({@code -Xms512m -Xmx512m -XX:+AlwaysPreTouch}); {@link ResidentMemory#heapPreTouched()} tells whether it was.
 */
public final class MemorySoak {
    private MemorySoak() {}

    /** The embedded task's model and batch: 4 layers, d 128, 4 heads, context 48, batch 16, byte vocabulary (259). */
    public static BenchShape embeddedTaskShape() {
        return new BenchShape(4, 128, 4, 48, 16, 259);
    }

    public static Result run(BenchShape shape, long steps, long sampleAt, long seed) {
        if (sampleAt < 1 || sampleAt >= steps) {
            throw new IllegalArgumentException("the first memory sample (step " + sampleAt
                    + ") must come after step 1 and before the last step (" + steps + ")");
        }
        try (KtoStepRunner runner = SyntheticKto.runner(shape, seed)) {
            long early = 0;
            int earlyArrays = 0;
            long start = System.nanoTime();
            for (long step = 1; step <= steps; step++) {
                runner.step();
                if (step == sampleAt) {
                    early = ResidentMemory.kib();
                    earlyArrays = runner.policyManagedArrays();
                }
            }
            double msPerStep = (System.nanoTime() - start) / 1e6 / steps;
            return new Result(sampleAt, new Sample(early, earlyArrays), steps,
                    new Sample(ResidentMemory.kib(), runner.policyManagedArrays()), msPerStep);
        }
    }

    /** Memory after {@code sampleStep} steps ({@code sample}) and after all {@code steps} ({@code end}). */
    public record Result(long sampleStep, Sample sample, long steps, Sample end, double msPerStep) {
        public double rssGrowthMib() {
            return (end.rssKib() - sample.rssKib()) / 1024.0;
        }
    }

    /**
     * @param rssKib       resident memory of the process
     * @param policyArrays arrays in the policy's manager (parameters and optimizer moments): more later means a leak
     */
    public record Sample(long rssKib, int policyArrays) {}
}
