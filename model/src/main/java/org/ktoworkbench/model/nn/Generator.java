package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Continues prompts with a causal LM, many prompts at once: prompts (BOS + prompt ids) are left-padded
 * to a common length and decoded step by step through a KV cache. Each prompt draws from its own random
 * generator, seeded from the config's seed and the prompt's index, so its output does not depend on
 * which other prompts share its batch. Generation stops at EOS (not returned), after
 * {@code maxNewTokens}, or at the end of the model's context; a prompt too long to leave room for
 * {@code maxNewTokens} loses tokens from its left (BOS stays). {@link #forTokenizedPrompts} takes prompts that
 * already carry the special tokens their tokenizer adds (a Hugging Face tokenizer's BOS, a chat template's own).
 */
public final class Generator {
    private static final int DEFAULT_BATCH = 64;

    private final CausalLm model;
    private final Tokenizer tokenizer;
    private final int maxBatch;
    private final boolean prependBos;

    public Generator(CausalLm model, Tokenizer tokenizer) {
        this(model, tokenizer, DEFAULT_BATCH);
    }

    /** @param maxBatch prompts decoded together at most */
    public Generator(CausalLm model, Tokenizer tokenizer, int maxBatch) {
        this(model, tokenizer, maxBatch, true);
    }

    private Generator(CausalLm model, Tokenizer tokenizer, int maxBatch, boolean prependBos) {
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxBatch = maxBatch;
        this.prependBos = prependBos;
    }

    /** A generator for prompt ids used as they are: no BOS is put in front; a prompt must not be empty. */
    public static Generator forTokenizedPrompts(CausalLm model, Tokenizer tokenizer) {
        return new Generator(model, tokenizer, DEFAULT_BATCH, false);
    }

    public List<String> generateText(List<String> prompts, GenerationConfig config) {
        List<int[]> encoded = prompts.stream().map(tokenizer::encode).toList();
        return generate(encoded, config).stream().map(tokenizer::decode).toList();
    }

    /** New token ids per prompt (prompt ids without special tokens in, completion ids without EOS out). */
    public List<int[]> generate(List<int[]> prompts, GenerationConfig config) {
        return GradMode.withoutGradient(() -> {
            List<int[]> out = new ArrayList<>(prompts.size());
            for (int start = 0; start < prompts.size(); start += maxBatch) {
                int end = Math.min(prompts.size(), start + maxBatch);
                out.addAll(generateChunk(prompts.subList(start, end), start, config));
            }
            return out;
        });
    }

    private List<int[]> generateChunk(List<int[]> prompts, int firstIndex, GenerationConfig config) {
        int rows = prompts.size();
        int context = model.contextLength();
        int vocab = model.vocabSize();
        int[][] starts = new int[rows][];
        int width = 0;
        for (int b = 0; b < rows; b++) {
            starts[b] = startOf(prompts.get(b), Math.max(1, context - config.maxNewTokens()));
            width = Math.max(width, starts[b].length);
        }
        int steps = Math.min(config.maxNewTokens(), context - width + 1);
        TokenSampler sampler = new TokenSampler(config);
        SplittableRandom[] random = new SplittableRandom[rows];
        List<List<Integer>> generated = new ArrayList<>(rows);
        for (int b = 0; b < rows; b++) {
            random[b] = new SplittableRandom(config.seed() + firstIndex + b);
            generated.add(new ArrayList<>());
        }
        boolean[] finished = new boolean[rows];
        int[] input = new int[rows * width];
        int[] mask = new int[rows * (width + steps)];
        for (int b = 0; b < rows; b++) {
            int pad = width - starts[b].length;
            for (int t = 0; t < width; t++) {
                input[b * width + t] = t < pad ? tokenizer.padId() : starts[b][t - pad];
                mask[b * (width + steps) + t] = t < pad ? 0 : 1;
            }
        }
        // on the model's device: a GPU run generates there
        try (NDManager manager = NDManager.newBaseManager(model.parameters().get(0).value().getDevice());
             KvCache cache = model.newCache(manager)) {
            int inputWidth = width;
            for (int step = 0; step < steps; step++) {
                float[] last = lastLogits(manager, input, inputWidth, mask, cache, rows);
                int unfinished = 0;
                input = new int[rows];
                for (int b = 0; b < rows; b++) {
                    int token = finished[b] ? tokenizer.eosId() : sampler.next(last, b * vocab, vocab, random[b]);
                    if (!finished[b] && token == tokenizer.eosId()) {
                        finished[b] = true;
                    } else if (!finished[b]) {
                        generated.get(b).add(token);
                        unfinished++;
                    }
                    input[b] = token;
                    mask[b * (width + steps) + width + step] = 1;
                }
                if (unfinished == 0) {
                    break;
                }
                inputWidth = 1;
            }
        }
        List<int[]> out = new ArrayList<>(rows);
        for (List<Integer> tokens : generated) {
            out.add(tokens.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Runs the new tokens through the model and returns the float logits at each row's last position. */
    private float[] lastLogits(NDManager manager, int[] input, int inputWidth, int[] mask, KvCache cache, int rows) {
        int seen = cache.length() + inputWidth;
        int maskWidth = mask.length / rows;
        int[] visibleMask = new int[rows * seen];
        for (int b = 0; b < rows; b++) {
            System.arraycopy(mask, b * maskWidth, visibleMask, b * seen, seen);
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray tokens = step.create(input, new Shape(rows, inputWidth));
            NDArray attention = step.create(visibleMask, new Shape(rows, seen));
            NDArray logits = model.logits(tokens, attention, cache);
            return logits.get(":, -1, :").toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private int[] startOf(int[] prompt, int maxLength) {
        if (!prependBos) {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("an empty prompt gives the model nothing to continue (its tokenizer"
                        + " adds no BOS token)");
            }
            return Arrays.copyOfRange(prompt, Math.max(0, prompt.length - maxLength), prompt.length);
        }
        int keep = Math.min(prompt.length, maxLength - 1);
        int[] tokens = new int[keep + 1];
        tokens[0] = tokenizer.bosId();
        System.arraycopy(prompt, prompt.length - keep, tokens, 1, keep);
        return tokens;
    }
}
