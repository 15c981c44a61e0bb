package org.ktoworkbench.model.nn;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {
    private static final GptConfig SMALL = new GptConfig(259, 24, 2, 32, 4);
    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();
    private static final List<int[]> PROMPTS = List.of(
            TOKENIZER.encode("ab"), TOKENIZER.encode("hello"), TOKENIZER.encode("x"));

    @Test
    void greedyIsTheArgmaxOfFullForwardPasses() {
        try (Gpt model = Gpt.create(SMALL, 21)) {
            List<int[]> generated = new Generator(model, TOKENIZER).generate(PROMPTS, GenerationConfig.greedy(8));
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(GreedyWithoutCache.generate(model, TOKENIZER, PROMPTS.get(i), 8), generated.get(i), "prompt " + i);
            }
        }
    }

    @Test
    void topKOfOneIsGreedy() {
        try (Gpt model = Gpt.create(SMALL, 21)) {
            Generator generator = new Generator(model, TOKENIZER);
            List<int[]> greedy = generator.generate(PROMPTS, GenerationConfig.greedy(8));
            List<int[]> topOne = generator.generate(PROMPTS, new GenerationConfig(8, 1.5, 1, 1, 99));
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(greedy.get(i), topOne.get(i));
            }
        }
    }

    @Test
    void samplingIsDeterministicPerSeedAndIndependentOfTheBatch() {
        try (Gpt model = Gpt.create(SMALL, 21)) {
            GenerationConfig config = new GenerationConfig(10, 1.0, 50, 0.95, 1234);
            Generator generator = new Generator(model, TOKENIZER);
            List<int[]> first = generator.generate(PROMPTS, config);
            List<int[]> again = generator.generate(PROMPTS, config);
            List<int[]> otherSeed = generator.generate(PROMPTS, new GenerationConfig(10, 1.0, 50, 0.95, 4321));
            boolean anyDifferent = false;
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(first.get(i), again.get(i));
                anyDifferent |= !Arrays.equals(first.get(i), otherSeed.get(i));
                // alone, prompt i draws from the generator the batch gave it (seed + index)
                GenerationConfig alone = new GenerationConfig(10, 1.0, 50, 0.95, 1234 + i);
                assertArrayEquals(first.get(i), generator.generate(List.of(PROMPTS.get(i)), alone).get(0), "prompt " + i);
            }
            assertTrue(anyDifferent, "another seed must give other samples");
            List<int[]> inPairs = new Generator(model, TOKENIZER, 2).generate(PROMPTS, config);
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(first.get(i), inPairs.get(i), "chunked batches, prompt " + i);
            }
        }
    }

    @Test
    void stopsAtEos() {
        try (Gpt model = Gpt.create(SMALL, 21)) {
            rigToAlwaysSayEos(model);
            Generator generator = new Generator(model, TOKENIZER);
            for (GenerationConfig config : List.of(GenerationConfig.greedy(8), new GenerationConfig(8, 1.0, 0, 1, 5))) {
                for (int[] out : generator.generate(PROMPTS, config)) {
                    assertEquals(0, out.length, Arrays.toString(out));
                }
            }
        }
    }

    /** Final LayerNorm outputs a constant vector that only the EOS embedding row aligns with. */
    private static void rigToAlwaysSayEos(Gpt model) {
        int d = model.config().dModel();
        for (NamedParameter p : model.parameters()) {
            if (p.name().equals("wte.weight")) {
                float[] table = p.value().toFloatArray();
                Arrays.fill(table, TOKENIZER.eosId() * d, (TOKENIZER.eosId() + 1) * d, 1f);
                p.value().set(table);
            } else if (p.name().equals("ln_f.weight")) {
                p.value().set(new float[d]);
            } else if (p.name().equals("ln_f.bias")) {
                float[] ones = new float[d];
                Arrays.fill(ones, 1f);
                p.value().set(ones);
            }
        }
    }

    @Test
    void longPromptsAreCutToLeaveRoomAndGenerationEndsAtTheContext() {
        try (Gpt model = Gpt.create(SMALL, 21)) {
            Generator generator = new Generator(model, TOKENIZER);
            int[] longPrompt = TOKENIZER.encode("a prompt far longer than the tiny context of this model");
            List<int[]> out = generator.generate(List.of(longPrompt, TOKENIZER.encode("hi")), new GenerationConfig(6, 1.0, 0, 1, 3));
            assertTrue(out.get(0).length <= 6);
            List<int[]> all = generator.generate(List.of(TOKENIZER.encode("hi")), new GenerationConfig(100, 1.0, 0, 1, 3));
            assertTrue(all.get(0).length <= SMALL.contextLength(), "at most the context: " + all.get(0).length);
        }
    }

    @Test
    void generatesText() {
        try (Gpt model = Gpt.create(SMALL, 21)) {
            List<String> texts = new Generator(model, TOKENIZER).generateText(List.of("hi", "yo"), GenerationConfig.greedy(4));
            assertEquals(2, texts.size());
            assertFalse(texts.get(0) == null);
        }
    }
}
