package org.ktoworkbench.model.nn;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SequenceBatcherTest {
    private static final int BOS = ByteTokenizer.BOS;
    private static final int EOS = ByteTokenizer.EOS;
    private static final int PAD = ByteTokenizer.PAD;

    @Test
    void packsShiftedInputsTargetsAndACompletionMask() {
        TokenBatch batch = new SequenceBatcher(new ByteTokenizer(), 16).pack(List.of(
                new SequenceBatcher.Pair(new int[] {1, 2}, new int[] {3}),
                new SequenceBatcher.Pair(new int[] {4}, new int[] {5, 6, 7})));
        // row 0: BOS 1 2 3 EOS -> inputs BOS 1 2 3, targets 1 2 3 EOS; row 1: BOS 4 5 6 7 EOS
        assertEquals(2, batch.batchSize());
        assertEquals(5, batch.length());
        assertArrayEquals(new int[] {BOS, 1, 2, 3, PAD, BOS, 4, 5, 6, 7}, batch.inputs());
        assertArrayEquals(new int[] {1, 2, 3, EOS, PAD, 4, 5, 6, 7, EOS}, batch.targets());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 1, 1}, batch.completionMask());
        assertEquals(4 + 5, batch.tokenCount());
        assertEquals(2 + 4, batch.completionTokenCount());
        assertEquals(0, batch.truncatedRows());
    }

    @Test
    void truncatesThePromptFromTheLeftFirst() {
        TokenBatch batch = new SequenceBatcher(new ByteTokenizer(), 5).pack(List.of(
                new SequenceBatcher.Pair(new int[] {1, 2, 3, 4}, new int[] {8, 9})));
        // budget: 5 inputs -> BOS + 2 prompt tokens + 8 9, EOS as the last target
        assertArrayEquals(new int[] {BOS, 3, 4, 8, 9}, batch.inputs());
        assertArrayEquals(new int[] {3, 4, 8, 9, EOS}, batch.targets());
        assertArrayEquals(new float[] {0, 0, 1, 1, 1}, batch.completionMask());
        assertEquals(1, batch.truncatedRows());
    }

    @Test
    void thenTheCompletionFromTheRightEosFirst() {
        TokenBatch batch = new SequenceBatcher(new ByteTokenizer(), 3).pack(List.of(
                new SequenceBatcher.Pair(new int[] {1, 2}, new int[] {7, 8, 9, 10})));
        assertArrayEquals(new int[] {BOS, 7, 8}, batch.inputs());
        assertArrayEquals(new int[] {7, 8, 9}, batch.targets());
        assertArrayEquals(new float[] {1, 1, 1}, batch.completionMask());
        assertEquals(3, batch.completionTokenCount());
    }

    @Test
    void emptyBatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceBatcher(new ByteTokenizer(), 8).pack(List.of()));
    }
}
