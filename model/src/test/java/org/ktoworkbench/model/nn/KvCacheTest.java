package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCacheTest {

    @Test
    void growsWithTheTokensNotToTheWholeContextAndKeepsWhatItHeld() {
        int capacity = 131_072; // Llama 3's context
        try (NDManager manager = NDManager.newBaseManager(); KvCache cache = new KvCache(manager, 1, capacity)) {
            int total = 0;
            NDList all = null;
            for (int step = 0; step < 100; step++) {
                int added = step == 0 ? 7 : 1;
                float[] keys = new float[2 * 3 * added];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = total * 1000 + i;
                }
                NDArray k = manager.create(keys, new Shape(1, 2, added, 3));
                all = cache.append(0, k, k.neg());
                cache.advance(added);
                total += added;
            }
            assertTrue(cache.allocatedPositions(0) < 1024, "allocated " + cache.allocatedPositions(0) + " positions");
            NDArray keys = all.get(0);
            assertArrayEquals(new long[] {1, 2, total, 3}, keys.getShape().getShape());
            // position 0 of head 1 was written first, in the 7-token step: value 0 * 1000 + (1 * 7 + 0) * 3
            assertEquals(21f, keys.get("0, 1, 0, 0").getFloat());
            // the last position of head 0 came from the last step
            assertEquals((total - 1) * 1000 + 2f, keys.get("0, 0, " + (total - 1) + ", 2").getFloat());
            assertEquals(-((total - 1) * 1000 + 2f), all.get(1).get("0, 0, " + (total - 1) + ", 2").getFloat());
        }
    }
}
