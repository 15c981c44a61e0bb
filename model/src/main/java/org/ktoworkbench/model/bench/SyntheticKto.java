package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.kto.KtoParams;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.train.AdamWConfig;
import org.ktoworkbench.model.train.EncodedRows;
import org.ktoworkbench.model.train.KtoStepRunner;
import org.ktoworkbench.model.train.StepOptions;
import org.ktoworkbench.model.train.LearningRateSchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Seeded random KTO data and a {@link KtoStepRunner} over it. Each row packs to exactly {@code seqLen} model inputs:
 * BOS, a prompt of {@code seqLen / 2} random ids, a completion of the remaining {@code seqLen - seqLen / 2 - 1},
 * then EOS as the last target; about half the rows are desirable. Ids come from an {@link IdTokenizer} over the
 * model's vocabulary, so they fit any model's embedding.
 */
public final class SyntheticKto {
    /** Micro-batches per epoch of synthetic rows: enough that batches differ from step to step. */
    private static final int BATCHES_PER_EPOCH = 8;
    /** A learning rate that moves the weights without blowing up a random model over thousands of steps. */
    private static final double LEARNING_RATE = 1e-4;

    private SyntheticKto() {}

    public static EncodedRows rows(BenchShape shape, int count, long seed) {
        return rows(shape.vocab(), shape.seqLen(), count, seed);
    }

    /** {@code count} rows of exactly {@code seqLen} tokens, ids below {@code vocab}. */
    public static EncodedRows rows(int vocab, int seqLen, int count, long seed) {
        IdTokenizer tokenizer = new IdTokenizer(vocab);
        SplittableRandom random = new SplittableRandom(seed);
        int promptLength = seqLen / 2;
        int completionLength = seqLen - promptLength - 1;
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            examples.add(new Example(randomIds(random, promptLength, tokenizer), randomIds(random, completionLength, tokenizer),
                    random.nextBoolean()));
        }
        return new EncodedRows(examples, tokenizer, seqLen);
    }

    /** A runner over a built-in GPT of {@code shape}, initialised from {@code seed}. */
    public static KtoStepRunner runner(BenchShape shape, long seed) {
        return runner(Gpt.create(shape.gptConfig(), seed), shape.seqLen(), shape.batch(), seed);
    }

    /**
     * A runner that trains {@code policy} (which it owns from here on) on micro-batches of {@code batch} rows of
     * {@code seqLen} tokens, with TRL's default KTO and AdamW settings at a constant learning rate.
     */
    public static KtoStepRunner runner(CausalLm policy, int seqLen, int batch, long seed) {
        return runner(policy, seqLen, batch, seed, StepOptions.PLAIN);
    }

    /** As {@link #runner(CausalLm, int, int, long)}, with gradient checkpointing and the precision of {@code options}. */
    public static KtoStepRunner runner(CausalLm policy, int seqLen, int batch, long seed, StepOptions options) {
        EncodedRows rows;
        try {
            rows = rows(policy.vocabSize(), seqLen, batch * BATCHES_PER_EPOCH, seed);
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
        return KtoStepRunner.create(policy, seed, rows, batch, KtoParams.defaults(), AdamWConfig.defaults(),
                LearningRateSchedule.constant(LEARNING_RATE, 1, 0), options);
    }

    private static String randomIds(SplittableRandom random, int length, IdTokenizer tokenizer) {
        return random.ints(length, 0, tokenizer.ordinaryTokens()).mapToObj(Integer::toString)
                .collect(Collectors.joining(" "));
    }
}
