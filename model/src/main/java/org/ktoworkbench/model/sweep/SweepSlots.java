package org.ktoworkbench.model.sweep;

import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.AvailableMemory;
import org.ktoworkbench.model.train.ComputeDevice;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.Trainer;

/**
 * How many of a sweep's points to train at once. On CPU one: two trainings on the same cores measured about 6x slower
 * together than one alone, so one after the other finishes first. On a GPU as many as its free memory holds with a
 * tenth kept spare, each run's need being its memory estimate.
 */
public final class SweepSlots {
    static final double SPARE = 0.1;

    private SweepSlots() {}

    /**
     * The default for {@code sweep run}: one unless the runs train on a GPU ({@code config.device()}), then as many
     * runs of the config's memory estimate (from {@code fromRunId}, or from scratch) as the GPU's free memory holds.
     */
    public static int auto(Workspace ws, RunConfig config, Long fromRunId) {
        if (!ComputeDevice.parse(config.device()).isGpu()) return 1;
        long free = AvailableMemory.bytesOn(ComputeDevice.require(config.device()));
        return forMemory(free, new Trainer(ws).memoryEstimate(config, fromRunId).totalBytes());
    }

    /** Runs of {@code perRunBytes} each that fit in {@code freeBytes}, a tenth kept spare: at least one. */
    public static int forMemory(long freeBytes, long perRunBytes) {
        if (perRunBytes <= 0) throw new IllegalArgumentException("a run needs some memory, got " + perRunBytes);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (freeBytes * (1 - SPARE)) / perRunBytes));
    }
}
