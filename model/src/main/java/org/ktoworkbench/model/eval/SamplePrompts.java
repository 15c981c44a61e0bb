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

    /** Continuations of every prompt by {@code model}, decoded. */
    List<String> sample(CausalLm model, org.ktoworkbench.model.nn.GenerationConfig generation) {
        Generator generator = idsCarrySpecialTokens ? Generator.forTokenizedPrompts(model, tokenizer)
                : new Generator(model, tokenizer);
        return generator.generate(ids, generation).stream().map(tokenizer::decode).toList();
    }
}
