package org.ktoworkbench.model.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What else shapes a measurement: the machine's load and the engine's thread pools. */
public final class SystemLoad {
    private SystemLoad() {}

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown" where there is none. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** PyTorch's intra-op and inter-op thread counts, loading the engine if it is not loaded yet. */
    public static String engineThreads() {
        Engine.getEngine("PyTorch"); // the native library must be loaded before JniUtils is touched
        return "intra-op " + JniUtils.getNumThreads() + ", inter-op " + JniUtils.getNumInteropThreads()
                + ", cores " + Runtime.getRuntime().availableProcessors();
    }
}
