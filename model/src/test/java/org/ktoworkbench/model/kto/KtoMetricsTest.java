package org.ktoworkbench.model.kto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class KtoMetricsTest {
    private static final KtoParams PARAMS = new KtoParams(0.5, 1.0, 1.0, LossType.KTO);

    @Test
    void bothSidesGiveTrlMetricsIncludingTheMargin() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray policy = m.create(new double[] {-10, -20, -4, -8});
            NDArray reference = m.create(new double[] {-11, -18, -6, -8});
            NDArray kl = m.create(new double[] {-1, -1, -1, -1});
            boolean[] desirable = {true, false, true, false};
            KtoLoss.Result result = KtoLoss.compute(policy, reference, kl, m.create(new double[] {-2, -2, -2, -2}),
                    desirable, PARAMS);

            Map<String, Double> metrics = KtoMetrics.of(result, policy, desirable);

            assertEquals(List.of("loss", "kl", "rewards/chosen", "logps/chosen", "rewards/rejected",
                    "logps/rejected", "rewards/margins"), List.copyOf(metrics.keySet()));
            assertEquals(result.loss().getDouble(), metrics.get("loss"), 0.0);
            assertEquals(1.0, metrics.get("kl"), 1e-12);
            assertEquals(0.5 * (1 + 2) / 2, metrics.get("rewards/chosen"), 1e-12);
            assertEquals(0.5 * (-2 + 0) / 2, metrics.get("rewards/rejected"), 1e-12);
            assertEquals(0.75 - -0.5, metrics.get("rewards/margins"), 1e-12);
            assertEquals(-7.0, metrics.get("logps/chosen"), 1e-12);
            assertEquals(-14.0, metrics.get("logps/rejected"), 1e-12);
        }
    }

    @Test
    void anEmptySideIsSkippedAndSoIsTheMargin() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray policy = m.create(new double[] {-10, -20});
            NDArray reference = m.create(new double[] {-11, -18});
            boolean[] desirable = {false, false};
            KtoLoss.Result result = KtoLoss.compute(policy, reference, null, null, desirable,
                    new KtoParams(0.5, 1.0, 1.0, LossType.APO_ZERO_UNPAIRED));

            Map<String, Double> metrics = KtoMetrics.of(result, policy, desirable);

            assertEquals(List.of("loss", "kl", "rewards/rejected", "logps/rejected"), List.copyOf(metrics.keySet()));
            assertFalse(metrics.values().stream().anyMatch(v -> v.isNaN()));
            assertEquals(-15.0, metrics.get("logps/rejected"), 1e-12);
            assertEquals(0.0, metrics.get("kl"), 0.0);
        }
    }
}
