package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward and backward passes must leave nothing behind in the model's manager or the process. */
class MemoryLeakTest {
    private static final GptConfig CONFIG = new GptConfig(259, 32, 2, 64, 4);

    @Test
    void twoHundredTrainingStepsDoNotGrowTheModelManagerOrTheProcess() throws IOException {
        TokenBatch batch = new SequenceBatcher(new ByteTokenizer(), 32).pack(TestBatches.randomPairs(8, 259, 15, 3));
        try (Gpt model = Gpt.create(CONFIG, 1); CausalLm reference = model.frozenCopy()) {
            int parameters = model.parameters().size();
            for (int i = 0; i < 20; i++) {
                step(model, reference, batch);
            }
            long rssBefore = residentKb();
            for (int i = 0; i < 200; i++) {
                step(model, reference, batch);
            }
            long grownMb = (residentKb() - rssBefore) / 1024;
            assertEquals(parameters, model.managedArrayCount(), "arrays leaked into the model's manager");
            assertEquals(parameters, ((Gpt) reference).managedArrayCount(), "arrays leaked into the reference's manager");
            assertTrue(grownMb < 100, "resident memory grew by " + grownMb + " MB over 200 steps");
        }
    }

    private static void step(Gpt model, CausalLm reference, TokenBatch batch) {
        try (NDManager step = NDManager.newBaseManager()) {
            try (GradientCollector collector = step.getEngine().newGradientCollector()) {
                NDArray policy = SequenceLogProbs.compute(model, batch, step);
                NDArray ref = SequenceLogProbs.compute(reference, batch, step);
                collector.backward(policy.sub(ref).sum());
            }
            new Generator(model, new ByteTokenizer()).generate(List.of(new int[] {1, 2}), GenerationConfig.greedy(2));
        }
        model.zeroGradients();
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
