package org.ktoworkbench.model.eval;

import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Generator;
import org.ktoworkbench.model.text.Tokenizer;

import java.util.List;

/**
 * Held-out prompts to sample from: their text (what the samples record) and their token ids. The built-in GPT's ids
 * are bare bytes (its generator puts BOS in front); a Hugging Face model's carry the special tokens its tokenizer or
 * chat template adds, and are used as they are.
 */
public record SamplePrompts(List<String> texts, List<int[]> ids, Tokenizer tokenizer, boolean idsCarrySpecialTokens) {

    public SamplePrompts {
        texts = List.copyOf(texts);
        ids = List.copyOf(ids);
        if (texts.size() != ids.size()) throw new IllegalArgumentException("one id list per prompt text");
    }

    /** The built-in GPT's prompts: each text's bytes. */
    public static SamplePrompts ofText(List<String> texts, Tokenizer tokenizer) {
        return new SamplePrompts(texts, texts.stream().map(tokenizer::encode).toList(), tokenizer, false);
    }

    public boolean isEmpty() {
        return texts.isEmpty();
    }

    /** Continuations of every prompt by {@code model}: decoded, with how many tokens each took. */
    Completions sample(CausalLm model, org.ktoworkbench.model.nn.GenerationConfig generation) {
        Generator generator = idsCarrySpecialTokens ? Generator.forTokenizedPrompts(model, tokenizer)
                : new Generator(model, tokenizer);
        List<int[]> generated = generator.generate(ids, generation);
        return new Completions(generated.stream().map(tokenizer::decode).toList(),
                generated.stream().mapToInt(c -> c.length).toArray());
    }

    /** Sampled completions and their lengths in tokens (EOS not counted). */
    record Completions(List<String> texts, int[] tokens) {
        Completions {
            texts = List.copyOf(texts);
            tokens = tokens.clone();
        }

        double meanTokens() {
            return java.util.Arrays.stream(tokens).average().orElse(0);
        }
    }
}
