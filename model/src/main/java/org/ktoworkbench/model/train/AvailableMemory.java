package org.ktoworkbench.model.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Memory a run can still take from the machine: {@code MemAvailable} of {@code /proc/meminfo} (free memory plus
 * what the kernel can reclaim, such as page cache), capped in a container by what its limit leaves (the JVM's
 * container-aware {@code OperatingSystemMXBean}); that bean alone where there is no {@code /proc/meminfo}. Not the Java
 * heap: DJL's arrays live in native memory.
 */
public final class AvailableMemory {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private AvailableMemory() {}

    /** Native memory available to this process, in bytes. */
    public static long bytes() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        OptionalLong available = meminfo("MemAvailable:");
        if (available.isEmpty()) return os.getFreeMemorySize();
        OptionalLong physical = meminfo("MemTotal:");
        boolean limitedContainer = physical.isPresent() && os.getTotalMemorySize() < physical.getAsLong();
        return limitedContainer ? Math.min(available.getAsLong(), os.getFreeMemorySize()) : available.getAsLong();
    }

    /**
     * Memory a run on {@code device} can take: {@link #bytes()} for the CPU; for a GPU its total less what is in use
     * there (CUDA's view through DJL's {@code CudaUtils.getGpuMemory}: every process's allocations, not only ours).
     */
    public static long bytesOn(ai.djl.Device device) {
        if (!device.isGpu()) return bytes();
        java.lang.management.MemoryUsage gpu = ai.djl.util.cuda.CudaUtils.getGpuMemory(device);
        return Math.max(0, gpu.getMax() - gpu.getCommitted());
    }

    /** Java heap that can still be allocated: the limit ({@code -Xmx}) less what is in use. */
    public static long freeHeapBytes() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** A {@code /proc/meminfo} field in bytes (the file gives kB). */
    private static OptionalLong meminfo(String field) {
        try {
            List<String> lines = Files.readAllLines(MEMINFO);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    String[] words = line.substring(field.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(words[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or an unexpected format: fall back to the JVM's view
        }
        return OptionalLong.empty();
    }
}
