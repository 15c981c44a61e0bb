package org.ktoworkbench.model.hf;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.bench.IdTokenizer;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GenerationConfig;
import org.ktoworkbench.model.nn.Generator;
import org.ktoworkbench.model.nn.GreedyWithoutCache;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KV-cache path: batched greedy generation with left padding gives the tokens of full recomputation. */
class HfGenerationTest {
    private static final int NEW_TOKENS = 10;

    @TempDir
    Path tmp;

    static Stream<TinyCheckpoints.Spec> specs() {
        return TinyCheckpoints.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void cachedGreedyGenerationEqualsFullRecomputation(TinyCheckpoints.Spec spec) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve("model"), spec, "BF16", false);
        IdTokenizer tokenizer = new IdTokenizer(spec.vocab());
        List<int[]> prompts = List.of(tokenizer.encode("3 17 5 9 1 22"), tokenizer.encode("8"),
                tokenizer.encode("40 2 11"));
        try (CausalLm model = HfModels.load(dir)) {
            List<int[]> generated = new Generator(model, tokenizer).generate(prompts, GenerationConfig.greedy(NEW_TOKENS));
            int total = 0;
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(GreedyWithoutCache.generate(model, tokenizer, prompts.get(i), NEW_TOKENS),
                        generated.get(i), "prompt " + i);
                total += generated.get(i).length;
            }
            assertTrue(total > prompts.size(), "generation should produce tokens to compare, got " + total);
        }
    }
}
