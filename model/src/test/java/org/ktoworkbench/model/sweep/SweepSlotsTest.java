package org.ktoworkbench.model.sweep;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.train.RunConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SweepSlotsTest {
    private static final long GIB = 1L << 30;

    @Test
    void aGpuHoldsAsManyRunsAsNineTenthsOfItsFreeMemoryAndAlwaysOne() {
        assertEquals(6, SweepSlots.forMemory(139 * GIB, 20 * GIB), "125.1 GiB usable / 20 GiB");
        assertEquals(1, SweepSlots.forMemory(22 * GIB, 20 * GIB), "19.8 GiB usable: one run");
        assertEquals(1, SweepSlots.forMemory(4 * GIB, 20 * GIB), "even when it does not fit: the estimate refuses it later");
        assertEquals(10, SweepSlots.forMemory(100 * GIB, 9 * GIB));
        assertThrows(IllegalArgumentException.class, () -> SweepSlots.forMemory(GIB, 0));
    }

    @Test
    void onCpuOneRunAtATime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (org.ktoworkbench.model.store.Workspace ws = org.ktoworkbench.model.store.Workspace.open(dir)) {
            assertEquals(1, SweepSlots.auto(ws, RunConfig.defaults(), null));
        }
    }
}
