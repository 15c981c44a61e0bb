package org.ktoworkbench.model.kto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-step numbers a KTO trainer logs, under TRL's names: {@code loss}, {@code kl},
 * {@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins}, {@code logps/chosen},
 * {@code logps/rejected}. Rewards and log-probs are means over the rows of a side; a side with
 * no rows this step is left out (as TRL does), and so is the margin unless both sides are present.
 */
public final class KtoMetrics {
    public static final String LOSS = "loss";
    public static final String KL = "kl";
    public static final String REWARDS_CHOSEN = "rewards/chosen";
    public static final String REWARDS_REJECTED = "rewards/rejected";
    public static final String REWARDS_MARGINS = "rewards/margins";
    public static final String LOGPS_CHOSEN = "logps/chosen";
    public static final String LOGPS_REJECTED = "logps/rejected";

    private KtoMetrics() {}

    /**
     * @param result      what {@link KtoLoss#compute} returned for this batch
     * @param policyLogps the policy log-probs passed to it
     * @param desirable   the row labels passed to it
     * @return metric name → value, in a stable order
     */
    public static Map<String, Double> of(KtoLoss.Result result, NDArray policyLogps, boolean[] desirable) {
        double[] logps = policyLogps.stopGradient().toType(DataType.FLOAT64, false)
                .toDoubleArray();
        if (logps.length != desirable.length) {
            throw new IllegalArgumentException("policyLogps has " + logps.length + " entries but desirable has "
                    + desirable.length);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(LOSS, scalar(result.loss()));
        metrics.put(KL, scalar(result.kl()));
        double[] chosen = values(result.chosenRewards());
        double[] rejected = values(result.rejectedRewards());
        if (chosen.length > 0) {
            metrics.put(REWARDS_CHOSEN, mean(chosen));
            metrics.put(LOGPS_CHOSEN, meanWhere(logps, desirable, true));
        }
        if (rejected.length > 0) {
            metrics.put(REWARDS_REJECTED, mean(rejected));
            metrics.put(LOGPS_REJECTED, meanWhere(logps, desirable, false));
        }
        if (chosen.length > 0 && rejected.length > 0) {
            metrics.put(REWARDS_MARGINS, mean(chosen) - mean(rejected));
        }
        return metrics;
    }

    private static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT64, false).getDouble();
    }

    private static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static double meanWhere(double[] values, boolean[] desirable, boolean label) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (desirable[i] == label) {
                sum += values[i];
                count++;
            }
        }
        return sum / count;
    }
}
