package org.ktoworkbench.model.cli;

import java.lang.management.ManagementFactory;

/** CPU time this whole process has used (every thread: JIT and GC included), in nanoseconds. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }
}
