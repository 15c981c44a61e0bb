package org.ktoworkbench.model.hf;

import java.nio.ByteBuffer;

/**
 * The floating types a checkpoint may hold. Every one is read into float32 for the model (BF16 must
 * never reach DJL 0.36, which aborts the JVM on it) and written back in its own type by rounding to
 * nearest even, which restores the stored bits exactly for values that came from that type.
 */
public enum SafetensorsDtype {
    F32(4), F16(2), BF16(2), F64(8);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The dtype named {@code name} in a safetensors header, or null for one we do not read. */
    public static SafetensorsDtype parse(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }

    /** Reads {@code out.length} little-endian values of this type from {@code in} (positioned) as floats. */
    void readInto(ByteBuffer in, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (this) {
                case F32 -> in.getFloat();
                case F64 -> (float) in.getDouble();
                case F16 -> HalfFloats.halfToFloat(in.getShort());
                case BF16 -> Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
            };
        }
    }

    /** Writes {@code values} little-endian in this type. */
    void write(float[] values, ByteBuffer out) {
        for (float v : values) {
            switch (this) {
                case F32 -> out.putFloat(v);
                case F64 -> out.putDouble(v);
                case F16 -> out.putShort(HalfFloats.floatToHalf(v));
                case BF16 -> out.putShort(HalfFloats.floatToBfloat16(v));
            }
        }
    }
}
