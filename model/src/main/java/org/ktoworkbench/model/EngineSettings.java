package org.ktoworkbench.model;

/**
 * Process-wide DJL settings, applied before the engine loads: offline (no model or library download at run time) and
 * no usage ping, unless the user set them otherwise (a GPU workstation may pass {@code -Dai.djl.offline=false} so DJL
 * can fetch its CUDA libtorch once), and one inter-op thread.
 *
 * <p>Why one inter-op thread: nothing here uses PyTorch's inter-op pool, and on the shared 2-core machine runs with
 * {@code ai.djl.pytorch.num_interop_threads=1} kept both cores on a 2048² matrix product (about 220 GFLOP/s) while
 * the default sometimes ran at one core's rate (about 110) when other processes were busy; on an idle machine the two
 * settings measured the same within 3% ({@code bench kto}). Intra-op threads stay at PyTorch's default (one per core).
 * Hugging Face tokenizers use their bundled CPU native library.
 */
public final class EngineSettings {
    private EngineSettings() {}

    public static void applyDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        // DJL's Hugging Face tokenizers read RUST_FLAVOR from the environment, then from system properties; on a CUDA
        // machine without it (and not offline) they would download a GPU build. The CPU build ships in their jar.
        if (System.getenv("RUST_FLAVOR") == null) setIfAbsent("RUST_FLAVOR", "cpu");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
