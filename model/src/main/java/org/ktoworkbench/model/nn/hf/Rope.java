package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.ktoworkbench.model.hf.LlamaConfig;

/**
 * Rotary position embedding as transformers applies it: rotate_half (dim i pairs with i + d/2, not
 * interleaved) over the first {@code dims} dims of each head, frequencies base^(-2i/dims), optionally
 * rescaled as Llama 3 does.
 */
final class Rope {
    private final int dims;
    private final float[] inverseFrequencies;

    private Rope(int dims, double[] inverse) {
        this.dims = dims;
        this.inverseFrequencies = new float[inverse.length];
        for (int i = 0; i < inverse.length; i++) {
            inverseFrequencies[i] = (float) inverse[i];
        }
    }

    static Rope of(int dims, double base, LlamaConfig.Llama3RopeScaling scaling) {
        double[] inverse = new double[dims / 2];
        for (int i = 0; i < inverse.length; i++) {
            inverse[i] = 1.0 / Math.pow(base, (2.0 * i) / dims);
        }
        if (scaling != null) {
            llama3(inverse, scaling);
        }
        return new Rope(dims, inverse);
    }

    /** transformers' _compute_llama3_parameters. */
    private static void llama3(double[] inverse, LlamaConfig.Llama3RopeScaling s) {
        double lowWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelength = s.originalMaxPositions() / s.highFreqFactor();
        for (int i = 0; i < inverse.length; i++) {
            double wavelength = 2 * Math.PI / inverse[i];
            double scaled = wavelength > lowWavelength ? inverse[i] / s.factor() : inverse[i];
            boolean medium = !(wavelength < highWavelength) && !(wavelength > lowWavelength);
            if (medium) {
                double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                scaled = (1 - smooth) * scaled / s.factor() + smooth * scaled;
            }
            inverse[i] = scaled;
        }
    }

    /** cos and sin for {@code positions} ([T] or [B, T] INT64), shaped [B or 1, 1, T, dims]. */
    NDList angles(NDArray positions, DataType dataType) {
        NDManager step = positions.getManager();
        NDArray rows = positions.getShape().dimension() == 1 ? positions.expandDims(0) : positions;
        NDArray frequencies = rows.toType(DataType.FLOAT32, false).expandDims(-1)
                .mul(step.create(inverseFrequencies));                    // [b, T, dims/2]
        NDArray doubled = NDArrays.concat(new NDList(frequencies, frequencies), -1).expandDims(1);
        return new NDList(doubled.cos().toType(dataType, false), doubled.sin().toType(dataType, false));
    }

    /** Rotates the first {@code dims} dims of [B, H, T, headDim] {@code x}; the rest pass through. */
    NDArray apply(NDArray x, NDList angles) {
        long headDim = x.getShape().get(3);
        NDArray rotated = dims == headDim ? x : x.get(":, :, :, :" + dims);
        long half = dims / 2;
        NDArray first = rotated.get(":, :, :, :" + half);
        NDArray second = rotated.get(":, :, :, " + half + ":");
        NDArray turned = NDArrays.concat(new NDList(second.neg(), first), -1);
        NDArray out = rotated.mul(angles.get(0)).add(turned.mul(angles.get(1)));
        return dims == headDim ? out : NDArrays.concat(new NDList(out, x.get(":, :, :, " + dims + ":")), -1);
    }

    int dims() {
        return dims;
    }

}
