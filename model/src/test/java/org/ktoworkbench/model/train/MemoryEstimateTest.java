package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.kto.LossType;
import org.ktoworkbench.model.nn.ModelShape;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryEstimateTest {
    private static final long MIB = 1L << 20;
    private static final String UNKNOWN_ROWS = "the context: the dataset is not in the workspace yet";

    @TempDir
    Path dir;

    private static RunConfig run(ModelSpec model, Map<String, ?> overrides) {
        RunConfig config = RunConfigJson.withOverrides(RunConfig.defaults(), Map.of("model", model));
        return RunConfigJson.withOverrides(config, overrides);
    }

    /** The estimate for a dataset not in the workspace yet: rows as long as the context. */
    private static MemoryEstimate atContext(RunConfig config, boolean startsFromBase) {
        return MemoryEstimate.of(config, startsFromBase, OptionalLong.empty());
    }

    private static long bytes(MemoryEstimate estimate, String part) {
        return estimate.parts().stream().filter(p -> p.name().startsWith(part)).mapToLong(MemoryEstimate.Part::bytes)
                .findFirst().orElseThrow(() -> new AssertionError("no part " + part + " in " + estimate.parts()));
    }

    @Test
    void countsTheParametersOfTheModelThatTrainingBuilds() {
        List<ModelSpec> shapes = List.of(new ModelSpec(1, 16, 2, 24), new ModelSpec(2, 32, 4, 32), new ModelSpec(3, 48, 3, 20));
        for (ModelSpec spec : shapes) {
            long built;
            try (Gpt model = Gpt.create(spec.gptConfig(new ByteTokenizer().vocabSize()), 1)) {
                built = model.parameters().stream().mapToLong(p -> p.value().getShape().size()).sum();
            }
            MemoryEstimate estimate = atContext(run(spec, Map.of()), false);
            assertEquals(built, estimate.parameters(), spec.toString());
            assertEquals(4 * built, bytes(estimate, "weights"), "float32 weights");
            assertEquals(4 * built, bytes(estimate, "gradients"));
            assertEquals(8 * built, bytes(estimate, "AdamW moments"), "two moments per parameter");
        }
    }

    @Test
    void thePeakIsThePhaseThatNeedsMore() {
        ModelSpec spec = new ModelSpec(4, 128, 4, 48);
        MemoryEstimate both = atContext(run(spec, Map.of("batchSize", 16, "sftBatchSize", 32)), false);
        assertEquals("sft", both.phase(), "one pass of 32 rows outweighs one pass of 16 and a reference copy");
        MemoryEstimate ktoPeak = atContext(run(spec, Map.of("batchSize", 16, "sftBatchSize", 4)), false);
        assertEquals("kto", ktoPeak.phase(), "a reference copy and one pass of 16 outweigh one pass of 4");
        assertEquals(bytes(ktoPeak, "weights"), bytes(ktoPeak, "reference copy"));
        assertEquals("activations (1 pass of batch 16 × 48 tokens, " + UNKNOWN_ROWS + ")",
                ktoPeak.parts().get(ktoPeak.parts().size() - 1).name());
        assertEquals("activations (1 pass of batch 32 × 48 tokens, " + UNKNOWN_ROWS + ")",
                both.parts().get(both.parts().size() - 1).name());

        MemoryEstimate sftOnly = atContext(run(spec, Map.of("steps", 0)), false);
        assertEquals("sft", sftOnly.phase());
        assertEquals(List.of("weights", "gradients", "AdamW moments",
                        "activations (1 pass of batch 32 × 48 tokens, " + UNKNOWN_ROWS + ")"),
                sftOnly.parts().stream().map(MemoryEstimate.Part::name).toList());
        MemoryEstimate kto = atContext(run(spec, Map.of()), true);
        MemoryEstimate apo = atContext(run(spec, Map.of("lossType", LossType.APO_ZERO_UNPAIRED)), true);
        assertEquals(bytes(kto, "activations"), bytes(apo, "activations"), "the KL passes are freed as they go");
        // activations grow with batch × context
        MemoryEstimate doubled = atContext(run(spec, Map.of("batchSize", 32)), true);
        assertEquals(2 * bytes(kto, "activations"), bytes(doubled, "activations"));
    }

    @Test
    void aRunThatDoesNotFitIsRefusedWithEveryPartAndWhatToChange() {
        MemoryEstimate huge = atContext(run(new ModelSpec(1000, 8192, 2, 48), Map.of()), false);
        String refusal = huge.refusal(AvailableMemory.bytes(), Long.MAX_VALUE).orElseThrow();
        assertTrue(refusal.matches("the run needs about \\d+\\.\\d TiB of memory \\(kto phase, 805,\\d{3},\\d{3},\\d{3}"
                + " parameters\\) but \\d+\\.\\d [KMGT]iB is available: weights \\d+\\.\\d TiB, gradients .*, AdamW moments"
                + " .*, reference copy .*, activations \\(1 pass of batch 16 × 48 tokens, " + UNKNOWN_ROWS
                + "\\) \\d+\\.\\d [GT]iB\\. Use fewer"
                + " layers or a smaller dModel .*"), refusal);

        MemoryEstimate small = atContext(run(ModelSpec.small(), Map.of()), false);
        assertTrue(small.totalBytes() < 200 * MIB, "the default task: " + small.parts());
        assertTrue(small.refusal(small.totalBytes(), Long.MAX_VALUE).isEmpty());
        String activations = small.refusal(small.totalBytes() - 1, Long.MAX_VALUE).orElseThrow();
        assertTrue(activations.endsWith(". Use a smaller batch (with more gradient accumulation to keep the effective"
                + " batch) or a shorter context, or fewer layers or a smaller dModel, or gradient checkpointing"),
                activations);
    }

    @Test
    void activationsFollowTheLongestSequenceTheDatasetCanGiveUpToTheContext() {
        RunConfig config = run(new ModelSpec(2, 64, 4, 512), Map.of("sftSteps", 0));
        MemoryEstimate full = atContext(config, false);
        MemoryEstimate shortRows = MemoryEstimate.of(config, false, OptionalLong.of(20));
        assertEquals(bytes(full, "weights"), bytes(shortRows, "weights"));
        assertEquals("activations (1 pass of batch 16 × 20 tokens, the dataset's longest rows)",
                shortRows.parts().get(4).name());
        long perToken = 2 * (20 * 64 + 3 * 4 * 20) + 2 * 259 + 4 * 64 + 20;
        assertEquals(perToken * 4 * 16 * 20, bytes(shortRows, "activations"));
        assertEquals("activations (1 pass of batch 16 × 512 tokens, " + UNKNOWN_ROWS + ")",
                full.parts().get(4).name());
        MemoryEstimate longRows = MemoryEstimate.of(config, false, OptionalLong.of(4000));
        assertEquals(bytes(full, "activations"), bytes(longRows, "activations"), "rows are truncated to the context");
        assertEquals("activations (1 pass of batch 16 × 512 tokens, the context)", longRows.parts().get(4).name());
    }

    @Test
    void gradientCheckpointingKeepsEachBlocksInputAndOneBlocksActivations() {
        RunConfig plain = run(new ModelSpec(2, 64, 4, 512), Map.of("steps", 0));
        RunConfig checkpointed = RunConfigJson.withOverrides(plain, Map.of("gradientCheckpointing", true));
        MemoryEstimate estimate = MemoryEstimate.of(checkpointed, false, OptionalLong.of(20));
        // per token: 2 block inputs of d 64, one block (12·64 + 2·256 + 3·4·20), then 2·vocab + 4·d + T outside them
        long perToken = 2 * 64 + (20 * 64 + 3 * 4 * 20) + 2 * 259 + 4 * 64 + 20;
        assertEquals("activations (1 pass of batch 32 × 20 tokens, the dataset's longest rows, blocks recomputed in"
                + " backward)", estimate.parts().get(3).name());
        assertEquals(perToken * 4 * 32 * 20, bytes(estimate, "activations"));
        MemoryEstimate full = MemoryEstimate.of(plain, false, OptionalLong.of(20));
        assertEquals(bytes(full, "weights"), bytes(estimate, "weights"));
        assertTrue(bytes(estimate, "activations") < bytes(full, "activations"));
        String refusal = estimate.refusal(estimate.totalBytes() - 1, Long.MAX_VALUE).orElseThrow();
        assertTrue(refusal.endsWith("or fewer layers or a smaller dModel"), "checkpointing is on already: " + refusal);
    }

    @Test
    void fp16AddsFloat16WeightCopiesAndHalvesTheActivations() {
        RunConfig full = run(new ModelSpec(2, 64, 4, 512), Map.of("steps", 0));
        RunConfig half = RunConfigJson.withOverrides(full, Map.of("mixedPrecision", "fp16"));
        MemoryEstimate f32 = MemoryEstimate.of(full, false, OptionalLong.of(20));
        MemoryEstimate f16 = MemoryEstimate.of(half, false, OptionalLong.of(20));
        assertEquals(bytes(f32, "weights") / 2, bytes(f16, "float16 weight copies"));
        assertEquals(bytes(f32, "activations") / 2, bytes(f16, "activations"));
        assertTrue(f16.parts().get(f16.parts().size() - 1).name().endsWith(", float16 products)"),
                f16.parts().toString());
        assertEquals(f32.totalBytes() + bytes(f16, "float16 weight copies") - bytes(f16, "activations"),
                f16.totalBytes());
    }

    @Test
    void aPrecomputedReferenceHoldsNoReferenceCopy() {
        RunConfig kept = run(new ModelSpec(4, 128, 4, 48), Map.of("sftSteps", 0));
        RunConfig precomputed = RunConfigJson.withOverrides(kept, Map.of("precomputeReference", true));
        MemoryEstimate with = atContext(kept, true);
        MemoryEstimate without = atContext(precomputed, true);
        assertEquals(List.of("weights", "gradients", "AdamW moments"),
                without.parts().stream().limit(3).map(MemoryEstimate.Part::name).toList());
        assertEquals(4, without.parts().size(), without.parts().toString());
        assertEquals(with.totalBytes() - bytes(with, "weights"), without.totalBytes());
        // the SFT+ baseline reads no reference log-probs: its copy stays, for the reference's samples
        MemoryEstimate sftPlus = atContext(RunConfigJson.withOverrides(precomputed, Map.of("lossType", LossType.SFT)), true);
        assertEquals(bytes(sftPlus, "weights"), bytes(sftPlus, "reference copy"));
    }

    @Test
    void aModelFolderRefusalNamesTheMemoryFlagsNotYetUsed() {
        ModelShape qwen = new ModelShape(1_543_714_304L, 28, 1536, 12, 8960, true, 151_936, 32_768);
        RunConfig config = RunConfig.pretrainedDefaults(dir);
        MemoryEstimate weightsBound = MemoryEstimate.ofFolder(RunConfigJson.withOverrides(config,
                Map.of("batchSize", 2, "maxLength", 16)), qwen, false, OptionalLong.empty());
        String refusal = weightsBound.refusal(1L << 30, Long.MAX_VALUE).orElseThrow();
        assertTrue(refusal.contains("(--precompute-reference frees the reference copy)"), refusal);
        String activationsBound = MemoryEstimate.ofFolder(config, qwen, false, OptionalLong.empty())
                .refusal(1L << 30, Long.MAX_VALUE).orElseThrow();
        assertTrue(activationsBound.endsWith("or a shorter --max-length, or --gradient-checkpointing"), activationsBound);
        MemoryEstimate precomputed = MemoryEstimate.ofFolder(RunConfigJson.withOverrides(config,
                Map.of("batchSize", 2, "maxLength", 16, "precomputeReference", true)), qwen, false, OptionalLong.empty());
        assertTrue(!precomputed.refusal(1L << 30, Long.MAX_VALUE).orElseThrow().contains("--precompute-reference"));
    }

    @Test
    void theLongestSequenceOfAStoredDatasetCountsBytesOfTheLongestPromptAndCompletion() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            List<Example> rows = ws.datasets().examples(SampleWorkspace.DATASET);
            long prompt = rows.stream().mapToLong(e -> utf8Bytes(e.prompt())).max().orElseThrow();
            long completion = rows.stream().mapToLong(e -> utf8Bytes(e.completion())).max().orElseThrow();
            assertEquals(prompt + completion, ws.datasets().longestPromptPlusCompletionBytes(SampleWorkspace.DATASET));
        }
    }

    @Test
    void theTrainerEstimatesAStoredDatasetAtItsLongestRows() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            RunConfig longContext = TrainingFixture.tinyRun(Map.of("model", new ModelSpec(4, 128, 4, 2048), "batchSize", 256));
            assertTrue(atContext(longContext, false).totalBytes() > 200L << 30, "rows as long as the context: over 200 GiB");
            assertEquals(longContext, new Trainer(ws).validate(longContext, null), "the sample's rows are short: it fits");
        }
    }

    private static long utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aFreshModelsLargestTensorMustFitInTheJavaHeapAndInAJavaArray() {
        // 2 layers, d 1024: the largest tensor is c_fc, 4096 × 1024 values, made as a double[] and a float[]
        RunConfig wide = run(new ModelSpec(2, 1024, 8, 48), Map.of());
        MemoryEstimate fresh = atContext(wide, false);
        long heap = 4096L * 1024 * (8 + 4);
        assertTrue(fresh.refusal(Long.MAX_VALUE, heap).isEmpty());
        assertEquals("making the model's largest tensor (4,194,304 values) takes 48.0 MiB of Java heap but 48.0 MiB is"
                + " free: give the JVM more heap (-Xmx) or use a smaller dModel",
                fresh.refusal(Long.MAX_VALUE, heap - 1).orElseThrow());
        assertTrue(atContext(wide, true).refusal(Long.MAX_VALUE, 0).isEmpty(), "a run from a base loads its model");

        MemoryEstimate tooWide = atContext(run(new ModelSpec(1, 32768, 8, 48), Map.of("steps", 0)), false);
        assertEquals("the model's largest tensor would hold 4,294,967,296 values, more than a Java array can"
                + " (2,147,483,647): use a smaller dModel", tooWide.refusal(Long.MAX_VALUE, Long.MAX_VALUE).orElseThrow());
    }

    @Test
    void sizesReadInBinaryUnits() {
        assertEquals("512 B", MemoryEstimate.format(512));
        assertEquals("1.5 KiB", MemoryEstimate.format(1536));
        assertEquals("3.0 GiB", MemoryEstimate.format(3L << 30));
        assertEquals("8.0 EiB", MemoryEstimate.format(Long.MAX_VALUE));
    }

    @Test
    void theTrainerRefusesARunThatCannotFitBeforeCreatingAnything() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            RunConfig huge = TrainingFixture.tinyRun(Map.of("model", new ModelSpec(1000, 8192, 2, 32)));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(ws).train(huge, null, event -> {}, new CancellationToken()));
            assertTrue(refused.getMessage().startsWith("the run needs about"), refused.getMessage());
            assertEquals(List.of(), ws.runs().listRuns());
        }
    }

    /**
     * A model folder's run: the folder's shape decides, max length caps the sequences, and the advice names what such a
     * run can change. Qwen2.5-1.5B's shape (1.54 B parameters, 28 layers, hidden 1536, 12 heads, MLP 8960, vocabulary
     * 151,936): weights alone are 4 bytes each, and batch 8 x 1024 tokens needs far more than 24 GiB.
     */
    @Test
    void aModelFolderRunIsEstimatedFromTheFolderShapeAndCappedAtMaxLength() {
        org.ktoworkbench.model.nn.ModelShape qwen = new org.ktoworkbench.model.nn.ModelShape(1_543_714_304L, 28, 1536,
                12, 8960, true, 151_936, 32_768);
        RunConfig config = RunConfig.pretrainedDefaults(java.nio.file.Path.of("/models/qwen2.5-1.5b"));
        MemoryEstimate estimate = MemoryEstimate.ofFolder(config, qwen, false, java.util.OptionalLong.empty());
        assertEquals(1_543_714_304L * 4, estimate.parts().get(0).bytes(), "float32 weights");
        assertTrue(estimate.parts().get(4).name().contains("batch 8 × 1023 tokens, the max length"),
                estimate.parts().get(4).name());
        String refusal = estimate.refusal(24L << 30, Long.MAX_VALUE).orElseThrow();
        assertTrue(refusal.contains("--batch") && refusal.contains("--max-length"), refusal);
        MemoryEstimate shorter = MemoryEstimate.ofFolder(RunConfigJson.withOverrides(config, Map.of("maxLength", 129)),
                qwen, false, java.util.OptionalLong.empty());
        assertTrue(shorter.totalBytes() < estimate.totalBytes());
        assertTrue(shorter.parts().get(4).name().contains("× 128 tokens"), shorter.parts().get(4).name());
    }
}
