package org.ktoworkbench.model.hf;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor of a safetensors file lies.
 *
 * @param dtypeName the header's dtype string
 * @param dtype     that dtype when it is one we read, else null
 * @param begin     absolute byte offset in the file
 * @param length    bytes
 */
public record SafetensorsTensor(Path file, String name, String dtypeName, SafetensorsDtype dtype, long[] shape,
                                long begin, long length) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
