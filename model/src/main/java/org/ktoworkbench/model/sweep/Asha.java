package org.ktoworkbench.model.sweep;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020; W&B's hyperband early termination) at a sweep's eval points,
 * for runs trained one after another: rungs at eval steps {@code evalEvery·η^k}; a run that reaches a rung goes on only
 * if its metric is among the best ⌈n/η⌉ of the n runs that have reached that rung so far (itself included), else it is
 * stopped there. The first run at a rung always goes on, so the rule never stops a run for lack of company.
 */
public final class Asha {
    public static final int ETA = 3;

    private Asha() {}

    /** Whether {@code step} is a rung for evaluations every {@code evalEvery} steps. */
    public static boolean isRung(long step, int evalEvery) {
        if (evalEvery <= 0 || step <= 0 || step % evalEvery != 0) return false;
        long r = step / evalEvery;
        while (r % ETA == 0) r /= ETA;
        return r == 1;
    }

    /**
     * Why a run with {@code value} at rung {@code step} stops, given the values of the other runs at that rung; empty
     * when it goes on.
     */
    public static Optional<String> stop(String metric, long step, double value, List<Double> others, SweepSpec.Goal goal) {
        int n = others.size() + 1;
        int keep = (n + ETA - 1) / ETA;
        int better = 0;
        for (double other : others) {
            if (goal == SweepSpec.Goal.MAX ? other > value : other < value) better++;
        }
        int rank = better + 1;
        if (rank <= keep) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "stopped by ASHA at step %d: %s %.4f ranks %d of %d runs at this"
                + " rung; only the best %d (1/%d) go on", step, metric, value, rank, n, keep, ETA));
    }
}
