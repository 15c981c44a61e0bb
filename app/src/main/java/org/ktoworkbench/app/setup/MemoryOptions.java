package org.ktoworkbench.app.setup;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.control.NumberParameter;
import org.ktoworkbench.model.nn.lora.LoraSpec;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.AvailableMemory;
import org.ktoworkbench.model.train.ComputeDevice;
import org.ktoworkbench.model.train.MemoryEstimate;
import org.ktoworkbench.model.train.MixedPrecision;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.Trainer;

/**
 * Run setup's memory and device options: LoRA, gradient checkpointing, precomputed reference log-probs, the device and
 * the precision ({@code none} or {@code fp16} mixed precision),
 * with the run's memory estimate against what the device has, redone off the FX thread as any option changes (the
 * same estimate {@code train} refuses a run by).
 */
public final class MemoryOptions {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final BooleanProperty lora = new SimpleBooleanProperty(this, "lora");
    private final NumberParameter loraRank = NumberParameter.integer("LoRA rank", 1, 4096, LoraSpec.DEFAULT_RANK);
    private final NumberParameter loraAlpha = NumberParameter.decimal("LoRA alpha", 1e-6, 1e6, LoraSpec.DEFAULT_ALPHA);
    private final NumberParameter loraDropout = NumberParameter.decimal("LoRA dropout", 0, 0.999, LoraSpec.DEFAULT_DROPOUT);
    private final StringProperty loraTargets = new SimpleStringProperty(this, "loraTargets", "");
    private final BooleanProperty gradientCheckpointing = new SimpleBooleanProperty(this, "gradientCheckpointing");
    private final BooleanProperty precomputeReference = new SimpleBooleanProperty(this, "precomputeReference");
    private final StringProperty device = new SimpleStringProperty(this, "device", ComputeDevice.CPU);
    private final StringProperty mixedPrecision = new SimpleStringProperty(this, "mixedPrecision",
            MixedPrecision.NONE.jsonName());
    private final ReadOnlyStringWrapper estimate = new ReadOnlyStringWrapper(this, "estimate", "");
    private final ReadOnlyBooleanWrapper fits = new ReadOnlyBooleanWrapper(this, "fits", true);
    private long generation;

    MemoryOptions(Workspace workspace, TaskExecutor executor) {
        this.workspace = workspace;
        this.executor = executor;
    }

    List<NumberParameter> parameters() {
        return lora.get() ? List.of(loraRank, loraAlpha, loraDropout) : List.of();
    }

    /** The options as run config overrides (LoRA off is {@link #applyTo}'s). */
    void putInto(Map<String, Object> values) {
        values.put("gradientCheckpointing", gradientCheckpointing.get());
        values.put("precomputeReference", precomputeReference.get());
        values.put("device", device.get() == null ? null : device.get().strip());
        values.put("mixedPrecision", mixedPrecision.get());
        if (lora.get()) {
            values.put("lora.rank", loraRank.longValue());
            values.put("lora.alpha", loraAlpha.value());
            values.put("lora.dropout", loraDropout.value());
            values.put("lora.targets", targets());
        }
    }

    /** {@code config} without an adapter when LoRA is off (an override cannot remove a field). */
    RunConfig applyTo(RunConfig config) {
        return lora.get() ? config : config.withLora(null);
    }

    private List<String> targets() {
        String text = loraTargets.get() == null ? "" : loraTargets.get();
        return Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /** Shows {@code config}'s options. */
    void apply(RunConfig config) {
        gradientCheckpointing.set(config.gradientCheckpointing());
        precomputeReference.set(config.precomputeReference());
        device.set(config.device());
        mixedPrecision.set(config.mixedPrecision());
        LoraSpec spec = config.lora();
        lora.set(spec != null);
        if (spec != null) {
            loraRank.set(spec.rank());
            loraAlpha.set(spec.alpha());
            loraDropout.set(spec.dropout());
            loraTargets.set(String.join(",", spec.targets()));
        }
    }

    /** Estimates {@code config} (null: the form is invalid, nothing to estimate) in the background. */
    void estimate(RunConfig config, Long baseRunId) {
        long mine = ++generation;
        if (config == null) {
            estimate.set("Memory: fix the values marked in red to see the estimate.");
            fits.set(true);
            return;
        }
        executor.execute(BackgroundTask.of("Estimating memory", ctx -> {
                    MemoryEstimate e = new Trainer(workspace).memoryEstimate(config, baseRunId);
                    long available = AvailableMemory.bytesOn(ComputeDevice.require(config.device()));
                    return new Estimated(e, available, e.refusal(available, AvailableMemory.freeHeapBytes()).orElse(null));
                })
                .onSuccess(result -> {
                    if (mine != generation) return;
                    fits.set(result.refusal() == null);
                    estimate.set(describe(result, config.device()));
                })
                .onFailure(e -> {
                    if (mine != generation) return;
                    fits.set(false);
                    estimate.set("Memory: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                }));
    }

    /** {@code refusal}: why {@code train} would refuse the run, null when it fits. */
    private record Estimated(MemoryEstimate estimate, long available, String refusal) {}

    private static String describe(Estimated result, String device) {
        MemoryEstimate e = result.estimate();
        StringBuilder parts = new StringBuilder();
        for (MemoryEstimate.Part p : e.parts()) {
            if (parts.length() > 0) parts.append(", ");
            parts.append(p.name()).append(' ').append(MemoryEstimate.format(p.bytes()));
        }
        return String.format(Locale.ROOT, "Memory at the %s peak: about %s (%s) of %s available on %s: %s",
                e.phase().toUpperCase(Locale.ROOT), MemoryEstimate.format(e.totalBytes()), parts,
                MemoryEstimate.format(result.available()), device,
                result.refusal() == null ? "fits" : "does not fit. " + result.refusal());
    }

    public BooleanProperty loraProperty() {
        return lora;
    }

    public NumberParameter loraRank() {
        return loraRank;
    }

    public NumberParameter loraAlpha() {
        return loraAlpha;
    }

    public NumberParameter loraDropout() {
        return loraDropout;
    }

    public StringProperty loraTargetsProperty() {
        return loraTargets;
    }

    public BooleanProperty gradientCheckpointingProperty() {
        return gradientCheckpointing;
    }

    public BooleanProperty precomputeReferenceProperty() {
        return precomputeReference;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public StringProperty mixedPrecisionProperty() {
        return mixedPrecision;
    }

    public ReadOnlyStringProperty estimateProperty() {
        return estimate.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty fitsProperty() {
        return fits.getReadOnlyProperty();
    }
}
