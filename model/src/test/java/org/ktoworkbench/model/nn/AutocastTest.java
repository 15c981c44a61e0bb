package org.ktoworkbench.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.ndarray.DifferentiableCast;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.nn.lora.LoraModel;
import org.ktoworkbench.model.nn.lora.LoraSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FP16 mixed precision on the CPU: inside an {@link Autocast} scope the products run in float16 (the logits come back
 * float16) while the weights stay float32 and receive float32 gradients close to the float32 pass's, for the built-in
 * GPT, every Hugging Face architecture, LoRA adapters and gradient checkpointing.
 */
@ExtendWith(GradModeOff.class)
class AutocastTest {
    /** Relative to each parameter's gradient norm: float16 keeps 11 significant bits (~5e-4) per product. */
    private static final double GRADIENT_TOLERANCE = 1e-2; // measured: at most 3.7e-3

    @TempDir
    Path tmp;

    @Test
    void aDifferentiableCastPassesTheGradientBackInTheInputsType() {
        Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.1f, -2.5f, 1000.25f, 3e-5f}, new Shape(2, 2));
            x.setRequiresGradient(true);
            NDArray half;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                half = DifferentiableCast.to(x, DataType.FLOAT16);
                NDArray weights = m.create(new float[] {1f, 2f, -3f, 0.5f}, new Shape(2, 2)).toType(DataType.FLOAT16, false);
                collector.backward(DifferentiableCast.to(half.mul(weights), DataType.FLOAT32).sum());
            }
            assertEquals(DataType.FLOAT16, half.getDataType());
            assertArrayEquals(x.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray(),
                    half.toType(DataType.FLOAT32, false).toFloatArray(), "the same values toType gives");
            assertEquals(DataType.FLOAT32, x.getGradient().getDataType());
            assertArrayEquals(new float[] {1f, 2f, -3f, 0.5f}, x.getGradient().toFloatArray());
            assertTrue(DifferentiableCast.to(x, DataType.FLOAT32) == x, "no copy when the type is already right");
        }
    }

    @Test
    void productsRunInFloat16InsideAScopeOnlyAndTheWeightsStayFloat32() {
        try (Gpt model = Gpt.create(new GptConfig(13, 16, 2, 12, 2), 5); NDManager step = NDManager.newBaseManager()) {
            NDArray tokens = step.create(new int[] {1, 5, 7, 2, 3, 11}, new Shape(1, 6));
            assertFalse(Autocast.active());
            NDArray plain = model.logits(tokens);
            NDArray half;
            try (Autocast.Scope scope = Autocast.float16()) {
                assertTrue(Autocast.active());
                half = model.logits(tokens);
                try (Autocast.Scope inner = Autocast.unchanged()) {
                    assertTrue(Autocast.active(), "an unchanged scope keeps the outer setting");
                }
                assertTrue(Autocast.active());
            }
            assertFalse(Autocast.active(), "closing the scope restores float32");
            assertEquals(DataType.FLOAT32, plain.getDataType());
            assertEquals(DataType.FLOAT16, half.getDataType());
            for (NamedParameter p : model.parameters()) assertEquals(DataType.FLOAT32, p.value().getDataType(), p.name());
            float[] a = plain.toFloatArray();
            float[] b = half.toType(DataType.FLOAT32, false).toFloatArray();
            double maxDiff = 0;
            for (int i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            assertTrue(maxDiff < 1e-2, "float16 logits differ from float32 by " + maxDiff);
            assertTrue(maxDiff > 0, "the float16 pass gave float32's exact logits: it did not run in float16");
        }
    }

    @Test
    void builtInGptGradientsAreFloat32OnesWithinFloat16Precision() {
        try (Gpt model = Gpt.create(new GptConfig(13, 16, 3, 12, 2), 5)) {
            assertCloseGradients(model, 13, false);
            assertCloseGradients(model, 13, true);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ktoworkbench.model.nn.CheckpointedPassTest#architectures")
    void huggingFaceGradientsAreFloat32OnesWithinFloat16Precision(TinyCheckpoints.Spec spec) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve(spec.name()), spec, "F32", false);
        try (CausalLm model = HfModels.load(dir)) {
            assertCloseGradients(model, spec.vocab(), false);
        }
    }

    @Test
    void loraAdapterGradientsAreFloat32OnesWithinFloat16Precision() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.llama();
        Path dir = TinyCheckpoints.write(tmp.resolve("lora"), spec, "F32", false);
        try (CausalLm model = LoraModel.attach(HfModels.load(dir), new LoraSpec(2, 4, 0, List.of()), 7, dir)) {
            LoraTestWeights.giveBValues(model, 3);
            assertCloseGradients(model, spec.vocab(), true);
        }
    }

    private static void assertCloseGradients(CausalLm model, int vocab, boolean checkpointed) {
        TokenBatch batch = new SequenceBatcher(TestBatches.tinyTokenizer(vocab), 10)
                .pack(TestBatches.randomPairs(3, vocab, 4, 7));
        List<float[]> full = gradients(model, batch, checkpointed, false);
        List<float[]> half = gradients(model, batch, checkpointed, true);
        List<NamedParameter> parameters = model.parameters();
        int checked = 0;
        boolean anyDifference = false;
        for (int p = 0; p < parameters.size(); p++) {
            double norm = 0;
            double error = 0;
            for (int i = 0; i < full.get(p).length; i++) {
                norm += (double) full.get(p)[i] * full.get(p)[i];
                double d = full.get(p)[i] - half.get(p)[i];
                error += d * d;
            }
            if (norm == 0) continue;
            checked++;
            anyDifference |= error > 0;
            assertTrue(Math.sqrt(error / norm) < GRADIENT_TOLERANCE, parameters.get(p).name() + ": float16 gradient"
                    + " off by " + Math.sqrt(error / norm) + " of its norm" + (checkpointed ? " (checkpointed)" : ""));
        }
        assertTrue(checked >= parameters.size() - 3, "only " + checked + " of " + parameters.size()
                + " parameters have a gradient: the check would be empty");
        assertTrue(anyDifference, "float16 gradients equal float32's exactly: the products did not run in float16");
    }

    /** A loss that weighs the sequences differently, so every row's gradient counts with its own sign. */
    private static List<float[]> gradients(CausalLm model, TokenBatch batch, boolean checkpointed, boolean float16) {
        model.zeroGradients();
        try (Autocast.Scope scope = float16 ? Autocast.float16() : Autocast.unchanged();
             NDManager step = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            PolicyPass pass = PolicyPass.of(model, batch.inputs(step), checkpointed);
            assertEquals(float16 ? DataType.FLOAT16 : DataType.FLOAT32, pass.logits().getDataType());
            NDArray logps = SequenceLogProbs.compute(pass.logits(), batch, step);
            assertEquals(DataType.FLOAT32, logps.getDataType(), "log-softmax and sums run in float32");
            NDArray weights = step.create(new float[] {0.7f, -1.3f, 0.4f}, new Shape(3));
            pass.backward(collector, logps.mul(weights).sum());
        }
        List<float[]> gradients = new ArrayList<>();
        for (NamedParameter p : model.parameters()) {
            assertEquals(DataType.FLOAT32, p.value().getDataType(), p.name());
            gradients.add(p.value().getGradient().toFloatArray());
        }
        return gradients;
    }
}
