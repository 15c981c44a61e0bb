package org.ktoworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    @Test
    void huggingFaceTokenizersUseTheirBundledCpuBuild() {
        assumeTrue(System.getenv("RUST_FLAVOR") == null, "RUST_FLAVOR is set in this environment");
        String before = System.getProperty("RUST_FLAVOR");
        System.clearProperty("RUST_FLAVOR");
        try {
            EngineSettings.applyDefaults();
            assertEquals("cpu", System.getProperty("RUST_FLAVOR"));
            System.setProperty("RUST_FLAVOR", "cu124");
            EngineSettings.applyDefaults();
            assertEquals("cu124", System.getProperty("RUST_FLAVOR"), "a choice the user made stays");
        } finally {
            if (before == null) System.clearProperty("RUST_FLAVOR");
            else System.setProperty("RUST_FLAVOR", before);
        }
    }
}
