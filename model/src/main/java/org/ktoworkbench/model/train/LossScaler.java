package org.ktoworkbench.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dynamic loss scaling for float16 training, as PyTorch's {@code GradScaler} does it: the loss is multiplied by
 * {@link #scale()} before backward so that small gradients do not flush to zero in float16; the gradients are divided
 * by it again ({@link #unscaleFactor()}) before the optimizer reads them. A step whose gradients overflowed (an
 * infinite or NaN value) is skipped and the scale multiplied by {@code backoff}; after {@code growthInterval} good
 * steps in a row the scale is multiplied by {@code growth}. PyTorch's defaults: 2^16, ×2 every 2000 steps, ×0.5.
 */
public final class LossScaler {
    private final double growth;
    private final double backoff;
    private final int growthInterval;
    private double scale;
    private int goodSteps;
    private long skipped;

    public LossScaler(double initialScale, double growth, double backoff, int growthInterval) {
        if (!(initialScale > 0) || Double.isInfinite(initialScale) || !(growth > 1) || !(backoff > 0 && backoff < 1)
                || growthInterval < 1) {
            throw new IllegalArgumentException("loss scaler needs a finite scale > 0, growth > 1, backoff in (0, 1) and"
                    + " a growth interval >= 1; got " + initialScale + ", " + growth + ", " + backoff + ", "
                    + growthInterval);
        }
        this.scale = initialScale;
        this.growth = growth;
        this.backoff = backoff;
        this.growthInterval = growthInterval;
    }

    /** PyTorch's {@code torch.amp.GradScaler} defaults. */
    public static LossScaler defaults() {
        return new LossScaler(65536.0, 2.0, 0.5, 2000);
    }

    /** What the loss is multiplied by before backward. */
    public double scale() {
        return scale;
    }

    /** What the gradients are multiplied by after backward to be the gradients of the unscaled loss. */
    public double unscaleFactor() {
        return 1.0 / scale;
    }

    /**
     * Records a step whose scaled gradients had the global norm {@code scaledGradNorm} (any overflow makes it infinite
     * or NaN) and moves the scale.
     *
     * @return whether the optimizer should take the step: false when the gradients overflowed
     */
    public boolean update(double scaledGradNorm) {
        if (!Double.isFinite(scaledGradNorm)) {
            scale *= backoff;
            goodSteps = 0;
            skipped++;
            return false;
        }
        if (++goodSteps == growthInterval) {
            double grown = scale * growth;
            if (Double.isFinite(grown)) scale = grown;
            goodSteps = 0;
        }
        return true;
    }

    /** Steps skipped because their gradients overflowed. */
    public long skippedSteps() {
        return skipped;
    }

    static final String FILE = "loss-scaler.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Everything that moves the scale, so that a resumed run scales exactly as an uninterrupted one. */
    record State(double growth, double backoff, int growthInterval, double scale, int goodSteps, long skipped) {}

    /** Writes the scaler's state into checkpoint folder {@code dir}. */
    void save(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), MAPPER.writeValueAsString(
                new State(growth, backoff, growthInterval, scale, goodSteps, skipped)));
    }

    /** The scaler {@link #save} wrote into {@code dir}; IOException naming the file when it is missing or bad. */
    static LossScaler load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: the checkpoint was not written by an fp16 run");
        }
        State s = MAPPER.readValue(file.toFile(), State.class);
        LossScaler scaler;
        try {
            scaler = new LossScaler(s.scale(), s.growth(), s.backoff(), s.growthInterval());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        scaler.goodSteps = s.goodSteps();
        scaler.skipped = s.skipped();
        return scaler;
    }
}
