package org.ktoworkbench.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real PyTorch engine's intra-op threads while trainings share the cores. */
class EngineThreadsTest {
    @Test
    void eachOfSeveralTrainingsGetsItsShareOfTheCores() {
        assertEquals(1, EngineThreads.threadsFor(2, 2));
        assertEquals(5, EngineThreads.threadsFor(16, 3));
        assertEquals(1, EngineThreads.threadsFor(1, 4));
        assertEquals(8, EngineThreads.threadsFor(8, 1));
    }

    @Test
    void theEngineRunsWithTheShareAndGetsItsThreadsBack() {
        Engine.getEngine("PyTorch");
        int before = JniUtils.getNumThreads();
        int cores = Runtime.getRuntime().availableProcessors();
        assumeTrue(cores >= 2 && before >= 2, "needs two cores and threads to share them");
        try (EngineThreads shared = EngineThreads.share(2)) {
            assertTrue(shared.changed());
            assertEquals(cores / 2, shared.threads());
            assertEquals(cores / 2, JniUtils.getNumThreads());
        }
        assertEquals(before, JniUtils.getNumThreads());
        try (EngineThreads alone = EngineThreads.share(1)) {
            assertFalse(alone.changed());
            assertEquals(before, JniUtils.getNumThreads());
        }
    }

    @Test
    void aThreadCountTheUserSetIsLeftAlone() {
        Engine.getEngine("PyTorch");
        int before = JniUtils.getNumThreads();
        System.setProperty(EngineThreads.USER_SETTING, Integer.toString(before));
        try (EngineThreads shared = EngineThreads.share(4)) {
            assertFalse(shared.changed());
            assertEquals(before, JniUtils.getNumThreads());
        } finally {
            System.clearProperty(EngineThreads.USER_SETTING);
        }
    }
}
