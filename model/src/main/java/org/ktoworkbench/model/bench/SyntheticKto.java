package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.kto.KtoParams;
import org.ktoworkbench.model.train.AdamWConfig;
import org.ktoworkbench.model.train.EncodedRows;
import org.ktoworkbench.model.train.KtoStepRunner;
import org.ktoworkbench.model.train.LearningRateSchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Seeded random KTO data and a {@link KtoStepRunner} over it. Each row packs to exactly {@code seqLen} model inputs:
 * BOS, a prompt of {@code seqLen / 2} random ids, a completion of the remaining {@code seqLen - seqLen / 2 - 1},
 * then EOS as the last target; about half the rows are desirable.
 */
public final class SyntheticKto {
    /** Micro-batches per epoch of synthetic rows: enough that batches differ from step to step. */
    private static final int BATCHES_PER_EPOCH = 8;
    /** A learning rate that moves the weights without blowing up a random model over thousands of steps. */
    private static final double LEARNING_RATE = 1e-4;

    private SyntheticKto() {}

    public static EncodedRows rows(BenchShape shape, int count, long seed) {
        IdTokenizer tokenizer = new IdTokenizer(shape.vocab());
        SplittableRandom random = new SplittableRandom(seed);
        int promptLength = shape.seqLen() / 2;
        int completionLength = shape.seqLen() - promptLength - 1;
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            examples.add(new Example(randomIds(random, promptLength, tokenizer), randomIds(random, completionLength, tokenizer),
                    random.nextBoolean()));
        }
        return new EncodedRows(examples, tokenizer, shape.seqLen());
    }

    /** A runner with TRL's default KTO and AdamW settings at a constant learning rate. */
    public static KtoStepRunner runner(BenchShape shape, long seed) {
        EncodedRows rows = rows(shape, shape.batch() * BATCHES_PER_EPOCH, seed);
        return KtoStepRunner.create(shape.gptConfig(), seed, rows, shape.batch(), KtoParams.defaults(),
                AdamWConfig.defaults(), LearningRateSchedule.constant(LEARNING_RATE, 1, 0));
    }

    private static String randomIds(SplittableRandom random, int length, IdTokenizer tokenizer) {
        return random.ints(length, 0, tokenizer.ordinaryTokens()).mapToObj(Integer::toString)
                .collect(Collectors.joining(" "));
    }
}
