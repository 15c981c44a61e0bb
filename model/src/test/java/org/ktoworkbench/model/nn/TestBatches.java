package org.ktoworkbench.model.nn;

import org.ktoworkbench.model.text.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random (prompt, completion) batches for the tests. */
final class TestBatches {
    private TestBatches() {}

    /** A tokenizer for tiny vocabularies: the last three ids are BOS, EOS and PAD. */
    static Tokenizer tinyTokenizer(int vocab) {
        return new Tokenizer() {
            public int[] encode(String text) { throw new UnsupportedOperationException(); }
            public String decode(int[] ids) { throw new UnsupportedOperationException(); }
            public int vocabSize() { return vocab; }
            public int bosId() { return vocab - 3; }
            public int eosId() { return vocab - 2; }
            public int padId() { return vocab - 1; }
        };
    }

    /** Pairs of random ordinary tokens (ids below vocab - 3), prompt and completion lengths in [1, maxPart]. */
    static List<SequenceBatcher.Pair> randomPairs(int count, int vocab, int maxPart, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SequenceBatcher.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pairs.add(new SequenceBatcher.Pair(random.ints(1 + random.nextInt(maxPart), 0, vocab - 3).toArray(),
                    random.ints(1 + random.nextInt(maxPart), 0, vocab - 3).toArray()));
        }
        return pairs;
    }
}
