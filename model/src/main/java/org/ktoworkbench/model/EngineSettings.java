package org.ktoworkbench.model;

/**
 * Process-wide DJL settings, applied before the engine loads: offline (no model or library download at run time) and
 * no usage ping, unless the user set them otherwise (a GPU workstation may pass {@code -Dai.djl.offline=false} so DJL
 * can fetch its CUDA libtorch once).
 */
public final class EngineSettings {
    private EngineSettings() {}

    public static void applyDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
