package org.ktoworkbench.model.kto;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KtoBatcherTest {

    private static int[] flatten(List<MicroBatch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.rows())).toArray();
    }

    @Test
    void everyEpochCoversEveryRowOnceInShuffledOrder() {
        KtoBatcher batcher = new KtoBatcher(12, 4, 7);
        assertEquals(3, batcher.batchesPerEpoch());
        int[] epoch0 = flatten(batcher.epoch(0));
        int[] epoch1 = flatten(batcher.epoch(1));
        assertArrayEquals(IntStream.range(0, 12).toArray(), IntStream.of(epoch0).sorted().toArray());
        assertArrayEquals(IntStream.range(0, 12).toArray(), IntStream.of(epoch1).sorted().toArray());
        assertFalse(Arrays.equals(IntStream.range(0, 12).toArray(), epoch0), "epoch 0 is shuffled");
        assertFalse(Arrays.equals(epoch0, epoch1), "each epoch has its own order");
    }

    @Test
    void sameSeedGivesSameOrderAndOtherSeedsDiffer() {
        int[] a = flatten(new KtoBatcher(50, 8, 42).epoch(3));
        int[] b = flatten(new KtoBatcher(50, 8, 42).epoch(3));
        int[] c = flatten(new KtoBatcher(50, 8, 43).epoch(3));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertFalse(Arrays.equals(flatten(new KtoBatcher(50, 8, 1).epoch(1)),
                flatten(new KtoBatcher(50, 8, 2).epoch(0))), "seed and epoch are mixed, not added");
    }

    @Test
    void klPairsRotateByOneInsideTheMicroBatch() {
        for (MicroBatch batch : new KtoBatcher(10, 4, 3).epoch(0)) {
            int n = batch.size();
            for (int k = 0; k < n; k++) {
                assertEquals(batch.rows()[(k + 1) % n], batch.klCompletionRows()[k]);
                assertNotEquals(batch.rows()[k], batch.klCompletionRows()[k], "a KL pair never uses its own completion");
            }
        }
    }

    @Test
    void aShortLastBatchIsKeptFromTwoRowsAndDroppedAtOne() {
        List<MicroBatch> ten = new KtoBatcher(10, 4, 1).epoch(0);
        assertEquals(List.of(4, 4, 2), ten.stream().map(MicroBatch::size).toList());

        List<MicroBatch> nine = new KtoBatcher(9, 4, 1).epoch(0);
        assertEquals(List.of(4, 4), nine.stream().map(MicroBatch::size).toList());
        assertEquals(8, IntStream.of(flatten(nine)).distinct().count());
    }

    @Test
    void givenRowIdsAreWhatTheBatchesHold() {
        int[] trainRows = {3, 17, 21, 40, 41, 99};
        int[] seen = flatten(new KtoBatcher(trainRows, 3, 5).epoch(0));
        assertArrayEquals(trainRows, IntStream.of(seen).sorted().toArray());
    }

    @Test
    void aResumedCursorContinuesWithExactlyTheSameBatches() {
        KtoBatcher batcher = new KtoBatcher(11, 3, 9); // 3 + 3 + 3 + 2 per epoch
        KtoBatcher.Cursor original = batcher.cursor();
        for (int i = 0; i < 6; i++) {
            original.next();
        }
        BatchPosition saved = BatchPosition.parse(original.position().toString());
        assertEquals(new BatchPosition(1, 2), saved);

        KtoBatcher.Cursor resumed = new KtoBatcher(11, 3, 9).cursor(saved);
        List<MicroBatch> expected = new ArrayList<>();
        List<MicroBatch> actual = new ArrayList<>();
        for (int i = 0; i < 9; i++) { // crosses two epoch boundaries
            expected.add(original.next());
            actual.add(resumed.next());
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).position(), actual.get(i).position());
            assertArrayEquals(expected.get(i).rows(), actual.get(i).rows());
            assertArrayEquals(expected.get(i).rows(), batcher.batchAt(expected.get(i).position()).rows());
        }
        assertEquals(new BatchPosition(3, 3), resumed.position());
    }

    @Test
    void tooSmallBatchesOrDatasetsAreRejectedWithTheReason() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> new KtoBatcher(10, 1, 0));
        assertTrue(one.getMessage().contains("at least 2") && one.getMessage().contains("KL pair"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KtoBatcher(1, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new KtoBatcher(10, 4, 0).cursor(new BatchPosition(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> BatchPosition.parse("2-3"));
    }
}
