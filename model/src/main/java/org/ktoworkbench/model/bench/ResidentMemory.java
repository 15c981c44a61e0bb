package org.ktoworkbench.model.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** This process's resident memory as Linux reports it (VmRSS in /proc/self/status): Java heap and native memory. */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /**
     * Whether the JVM touched its whole heap at start ({@code -XX:+AlwaysPreTouch}): then RSS no longer grows as the
     * collector first uses heap pages, and growth means native memory.
     */
    public static boolean heapPreTouched() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
    }

    /** Resident set size in KiB. */
    public static long kib() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(STATUS + " not found: resident memory can only be read on Linux");
        } catch (IOException e) {
            throw new UncheckedIOException(STATUS + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(STATUS + ": no VmRSS line");
    }
}
