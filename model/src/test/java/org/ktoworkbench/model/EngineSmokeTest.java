package org.ktoworkbench.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineSmokeTest {
    @Test
    void pytorchEngineLoadsOfflineAndComputes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals("PyTorch", m.getEngine().getEngineName());
            float sum = m.ones(new Shape(3, 4)).matMul(m.ones(new Shape(4, 2))).sum().getFloat();
            assertEquals(24f, sum);
        }
    }
}
