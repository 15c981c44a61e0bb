package org.ktoworkbench.model.kto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-step numbers a DPO trainer logs, under TRL's DPOTrainer names: {@code loss}, {@code rewards/chosen},
 * {@code rewards/rejected}, {@code rewards/accuracies} (the share of pairs whose chosen reward is above the rejected
 * one), {@code rewards/margins} (mean of chosen − rejected reward), {@code logps/chosen}, {@code logps/rejected}
 * (policy log-probs). Means are over the pairs of the batch; the names of the KTO metrics they share are
 * {@link KtoMetrics}'.
 */
public final class DpoMetrics {
    public static final String REWARDS_ACCURACIES = "rewards/accuracies";

    private DpoMetrics() {}

    /**
     * @param result         what {@link DpoLoss#compute} returned for this batch
     * @param policyChosen   the policy log-probs of the chosen rows passed to it
     * @param policyRejected the policy log-probs of the rejected rows passed to it
     * @return metric name → value, in a stable order
     */
    public static Map<String, Double> of(DpoLoss.Result result, NDArray policyChosen, NDArray policyRejected) {
        double[] chosen = values(result.chosenRewards());
        double[] rejected = values(result.rejectedRewards());
        double accurate = 0;
        double margin = 0;
        for (int i = 0; i < chosen.length; i++) {
            accurate += chosen[i] > rejected[i] ? 1 : 0;
            margin += chosen[i] - rejected[i];
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(KtoMetrics.LOSS, result.loss().toType(DataType.FLOAT64, false).getDouble());
        metrics.put(KtoMetrics.REWARDS_CHOSEN, mean(chosen));
        metrics.put(KtoMetrics.REWARDS_REJECTED, mean(rejected));
        metrics.put(REWARDS_ACCURACIES, accurate / chosen.length);
        metrics.put(KtoMetrics.REWARDS_MARGINS, margin / chosen.length);
        metrics.put(KtoMetrics.LOGPS_CHOSEN, mean(values(policyChosen.stopGradient())));
        metrics.put(KtoMetrics.LOGPS_REJECTED, mean(values(policyRejected.stopGradient())));
        return metrics;
    }

    private static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }
}
