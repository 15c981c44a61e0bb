package org.ktoworkbench.model.experiments;

import org.ktoworkbench.model.data.BalanceCheck;
import org.ktoworkbench.model.data.Subsample;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The experiments {@code experiments run NAME} knows, as the paper ran them, on the embedded task. */
public final class Presets {
    static final String KTO_DATA = SampleWorkspace.DATASET;
    static final String PAIRS = SampleWorkspace.PAIRED_DATASET;
    /** The paper's imbalance experiment drops 90% of the desirable rows. */
    static final double KEEP_DESIRABLE = 0.1;
    private static final long DATA_SEED = 0;

    private Presets() {}

    public static List<Experiment> all() {
        return List.of(
                preset("kto-vs-dpo", "SFT, then KTO vs DPO vs SFT+ (SFT on the desirable rows only)",
                        "KTO matches or beats DPO; SFT+ trails both (Fig. 3)",
                        ws -> List.of(arm("KTO", Map.of("lossType", "KTO", "dataset", KTO_DATA)),
                                arm("DPO", Map.of("lossType", "DPO", "dataset", PAIRS)),
                                arm("SFT+", Map.of("lossType", "SFT", "dataset", KTO_DATA)))),
                preset("imbalance", "KTO with 90% of the desirable rows dropped and λ_D raised (Eq. 8) vs DPO on all pairs",
                        "KTO still matches or beats DPO with up to 90% fewer desirable examples (Fig. 5)",
                        ws -> List.of(imbalancedKto(ws), arm("DPO", Map.of("lossType", "DPO", "dataset", PAIRS)))),
                preset("one-y-per-x", "KTO keeping one completion per prompt vs DPO on all pairs",
                        "KTO with one output per input still beats DPO (Table 2)",
                        ws -> List.of(arm("KTO one y per x", Map.of("lossType", "KTO", "dataset",
                                        derived(ws, KTO_DATA + "-one-per-prompt", Subsample.onePerPrompt(DATA_SEED)))),
                                arm("DPO", Map.of("lossType", "DPO", "dataset", PAIRS)))),
                preset("z0-ablation", "KTO vs KTO without its reference point z0 (APO_ZERO_UNPAIRED)",
                        "removing z0 hurts (Table 3)",
                        ws -> List.of(arm("KTO", Map.of("lossType", "KTO", "dataset", KTO_DATA)),
                                arm("KTO without z0", Map.of("lossType", "APO_ZERO_UNPAIRED", "dataset", KTO_DATA)))),
                preset("beta", "KTO over a β grid", "β trades reward against staying near the reference",
                        ws -> {
                            List<Arm> arms = new ArrayList<>();
                            for (double beta : new double[] {0.01, 0.05, 0.1, 0.5, 1.0}) {
                                arms.add(arm("β " + beta, Map.of("beta", beta, "dataset", KTO_DATA)));
                            }
                            return arms;
                        }));
    }

    public static Optional<Experiment> find(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The imbalanced dataset and the λ_D that brings λ_D·n_D/(λ_U·n_U) back into the paper's [1, 4/3] (Eq. 8). */
    private static Arm imbalancedKto(Workspace ws) {
        String name = derived(ws, KTO_DATA + "-10pct-desirable", Subsample.fraction(true, KEEP_DESIRABLE, DATA_SEED));
        DatasetInfo d = ws.datasets().get(name);
        BalanceCheck balance = BalanceCheck.of(d.trainDesirable(), d.trainUndesirable(), 1.0, 1.0);
        double lambdaD = (balance.lambdaDLow() + balance.lambdaDHigh()) / 2;
        return arm("KTO 10% desirable", Map.of("lossType", "KTO", "dataset", name, "lambdaD", lambdaD));
    }

    private static String derived(Workspace ws, String name, Subsample.Rule rule) {
        SampleWorkspace.ensureSampleDataset(ws, KTO_DATA);
        if (ws.datasets().find(name).isEmpty()) ws.datasets().subsample(KTO_DATA, name, rule);
        return name;
    }

    private static Arm arm(String label, Map<String, Object> fields) {
        return new Arm(label, fields);
    }

    private interface ArmsOf {
        List<Arm> arms(Workspace ws);
    }

    private static Experiment preset(String name, String description, String paperSays, ArmsOf arms) {
        return new Experiment() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public String paperSays() {
                return paperSays;
            }

            @Override
            public List<Arm> arms(Workspace ws) {
                return arms.arms(ws);
            }
        };
    }
}
