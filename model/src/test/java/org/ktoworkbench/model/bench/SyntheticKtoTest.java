package org.ktoworkbench.model.bench;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.nn.TokenBatch;
import org.ktoworkbench.model.train.EncodedRows;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticKtoTest {

    @Test
    void rowsPackToExactlySeqLenTokensWithoutPaddingOrTruncation() {
        BenchShape shape = new BenchShape(1, 16, 2, 9, 4, 20);
        EncodedRows rows = SyntheticKto.rows(shape, 12, 5);
        int[] all = IntStream.range(0, 12).toArray();
        TokenBatch batch = rows.pack(all, all);
        assertEquals(9, batch.length());
        assertEquals(12L * 9, batch.tokenCount());
        assertEquals(0, batch.truncatedRows());
        IdTokenizer tokenizer = new IdTokenizer(20);
        for (int r = 0; r < 12; r++) {
            int[] inputs = Arrays.copyOfRange(batch.inputs(), r * 9, r * 9 + 9);
            assertEquals(tokenizer.bosId(), inputs[0]);
            assertTrue(Arrays.stream(inputs, 1, 9).allMatch(id -> id >= 0 && id < tokenizer.ordinaryTokens()));
            assertEquals(tokenizer.eosId(), batch.targets()[r * 9 + 8]);
            // prompt of 9/2 = 4 tokens after BOS: its targets (positions 0..3) are not counted, the completion's are
            float[] mask = Arrays.copyOfRange(batch.completionMask(), r * 9, r * 9 + 9);
            assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, mask);
        }
        long desirable = IntStream.range(0, 12).filter(rows::desirable).count();
        assertTrue(desirable > 0 && desirable < 12, "labels should be mixed, got " + desirable + " of 12 desirable");
    }

    @Test
    void theSameSeedGivesTheSameRows() {
        BenchShape shape = new BenchShape(1, 16, 2, 9, 4, 20);
        int[] all = IntStream.range(0, 6).toArray();
        assertArrayEquals(SyntheticKto.rows(shape, 6, 3).pack(all, all).inputs(),
                SyntheticKto.rows(shape, 6, 3).pack(all, all).inputs());
        assertTrue(!Arrays.equals(SyntheticKto.rows(shape, 6, 3).pack(all, all).inputs(),
                SyntheticKto.rows(shape, 6, 4).pack(all, all).inputs()));
    }

    @Test
    void impossibleShapesAreRefusedWithTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BenchShape(1, 10, 3, 9, 4, 20))
                .getMessage().contains("divisible by heads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BenchShape(1, 16, 2, 9, 1, 20))
                .getMessage().contains("batch"));
    }
}
