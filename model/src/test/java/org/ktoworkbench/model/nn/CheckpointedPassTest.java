package org.ktoworkbench.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.bench.BenchShape;
import org.ktoworkbench.model.bench.SyntheticKto;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.train.KtoStepRunner;
import org.ktoworkbench.model.train.MixedPrecision;
import org.ktoworkbench.model.train.StepOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient checkpointing changes what is kept, not what is computed: parameter gradients and logits equal the plain
 * pass's (1e-5) for the built-in GPT and every Hugging Face architecture, and KTO steps log the same metrics.
 */
@ExtendWith(GradModeOff.class)
class CheckpointedPassTest {
    private static final double TOLERANCE = 1e-5;
    @TempDir
    Path tmp;

    @Test
    void builtInGptGradientsEqualThePlainPass() {
        GptConfig config = new GptConfig(13, 16, 3, 12, 2);
        try (Gpt model = Gpt.create(config, 5)) {
            assertSameGradients(model, 13);
        }
    }

    static List<TinyCheckpoints.Spec> architectures() {
        return TinyCheckpoints.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void huggingFaceGradientsEqualThePlainPass(TinyCheckpoints.Spec spec) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve(spec.name()), spec, "F32", false);
        try (CausalLm model = HfModels.load(dir)) {
            assertSameGradients(model, spec.vocab());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void loraAdapterGradientsEqualThePlainPass(TinyCheckpoints.Spec spec) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve("lora-" + spec.name()), spec, "F32", false);
        try (CausalLm model = org.ktoworkbench.model.nn.lora.LoraModel.attach(HfModels.load(dir),
                new org.ktoworkbench.model.nn.lora.LoraSpec(2, 4, 0, List.of()), 7, dir)) {
            LoraTestWeights.giveBValues(model, 3);
            assertSameGradients(model, spec.vocab());
        }
    }

    @Test
    void ktoStepsLogTheSameMetricsWithAndWithoutCheckpointing() {
        BenchShape shape = new BenchShape(2, 16, 2, 12, 4, 30);
        List<Map<String, Double>> plain = steps(shape, false);
        List<Map<String, Double>> checkpointed = steps(shape, true);
        for (int step = 0; step < plain.size(); step++) {
            for (String name : plain.get(step).keySet()) {
                assertEquals(plain.get(step).get(name), checkpointed.get(step).get(name), TOLERANCE,
                        "step " + (step + 1) + " " + name);
            }
        }
        assertTrue(plain.get(0).get("grad_norm") > 0);
        assertTrue(Math.abs(plain.get(3).get("loss") - plain.get(0).get("loss")) > 1e-6, "training moved nothing");
    }

    private static List<Map<String, Double>> steps(BenchShape shape, boolean checkpointing) {
        List<Map<String, Double>> metrics = new ArrayList<>();
        try (KtoStepRunner runner = SyntheticKto.runner(Gpt.create(shape.gptConfig(), 9), shape.seqLen(),
                shape.batch(), 9, new StepOptions(checkpointing, MixedPrecision.NONE))) {
            for (int i = 0; i < 4; i++) metrics.add(runner.step().metrics());
        }
        return metrics;
    }

    /** A loss that weighs the sequences differently, so every row's gradient counts with its own sign. */
    private static void assertSameGradients(CausalLm model, int vocab) {
        TokenBatch batch = new SequenceBatcher(TestBatches.tinyTokenizer(vocab), 10)
                .pack(TestBatches.randomPairs(3, vocab, 4, 7));
        Result plain = gradients(model, batch, false);
        Result checkpointed = gradients(model, batch, true);
        assertEquals(plain.logits.length, checkpointed.logits.length);
        for (int i = 0; i < plain.logits.length; i++) {
            assertEquals(plain.logits[i], checkpointed.logits[i], TOLERANCE, "logit " + i);
        }
        List<NamedParameter> parameters = model.parameters();
        int nonZero = 0;
        for (int p = 0; p < parameters.size(); p++) {
            float[] a = plain.gradients.get(p);
            float[] b = checkpointed.gradients.get(p);
            double scale = 0;
            for (float v : a) scale = Math.max(scale, Math.abs(v));
            if (scale > 0) nonZero++;
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], TOLERANCE * Math.max(1, scale), parameters.get(p).name() + "[" + i + "]");
            }
        }
        assertTrue(nonZero >= parameters.size() - 3, "only " + nonZero + " of " + parameters.size()
                + " parameters have a gradient: the check would be empty");
    }

    private record Result(float[] logits, List<float[]> gradients) {}

    private static Result gradients(CausalLm model, TokenBatch batch, boolean checkpointed) {
        model.zeroGradients();
        float[] logits;
        try (NDManager step = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            PolicyPass pass = PolicyPass.of(model, batch.inputs(step), checkpointed);
            logits = pass.logits().toFloatArray();
            NDArray logps = SequenceLogProbs.compute(pass.logits(), batch, step);
            NDArray weights = step.create(new float[] {0.7f, -1.3f, 0.4f}, new Shape(3));
            pass.backward(collector, logps.mul(weights).sum());
        }
        List<float[]> gradients = new ArrayList<>();
        for (NamedParameter p : model.parameters()) gradients.add(p.value().getGradient().toFloatArray());
        return new Result(logits, gradients);
    }
}
