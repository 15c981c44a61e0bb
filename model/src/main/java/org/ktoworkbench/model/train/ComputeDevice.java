package org.ktoworkbench.model.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device a run computes on, as the config names it: {@code cpu} (the default: runs give the same numbers on every
 * machine, and the CPU is what this project's tests and figures ran on), {@code gpu} (GPU 0) or {@code gpu:N}. Every
 * array of the run is created on it.
 */
public final class ComputeDevice {
    public static final String CPU = "cpu";
    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");

    private ComputeDevice() {}

    /** Why {@code name} is not a device name; empty when it is one (whether this machine has it is {@link #require}). */
    public static Optional<String> problem(String name) {
        if (name != null && (name.equals(CPU) || GPU.matcher(name).matches())) return Optional.empty();
        return Optional.of("must be cpu, gpu or gpu:N (N the GPU's number from 0), got " + name);
    }

    /** The DJL device of a valid name, without checking that this machine has it. */
    public static Device parse(String name) {
        if (CPU.equals(name)) return Device.cpu();
        Matcher m = GPU.matcher(name == null ? "" : name);
        if (!m.matches()) throw new IllegalArgumentException("device " + problem(name).orElseThrow());
        return Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
    }

    /**
     * The DJL device of {@code name}, when this machine and engine have it.
     *
     * @throws IllegalArgumentException {@code no GPU 1: this machine has 0 GPUs (DJL engine PyTorch 2.7.1, CPU)}
     */
    public static Device require(String name) {
        Device device = parse(name);
        if (!device.isGpu()) return device;
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        if (device.getDeviceId() >= gpus) {
            throw new IllegalArgumentException("no GPU " + device.getDeviceId() + ": this machine has " + gpus
                    + (gpus == 1 ? " GPU" : " GPUs") + " (DJL engine " + engine.getEngineName() + " "
                    + engine.getVersion() + ", " + (engine.hasCapability("CUDA") ? "CUDA" : "CPU") + ")");
        }
        return device;
    }
}
