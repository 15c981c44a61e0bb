package org.ktoworkbench.model.data;

import java.nio.charset.StandardCharsets;

/**
 * A seeded 64-bit hash that is the same on every machine and JVM run (unlike {@code String.hashCode}
 * mixing or {@code HashMap} order): FNV-1a over UTF-8 bytes, finished with the SplitMix64 mixer.
 */
public final class StableHash {
    private StableHash() {
    }

    public static long of(String text, long seed) {
        long h = 0xcbf29ce484222325L ^ mix(seed);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    public static long of(long value, long seed) {
        return mix(value ^ mix(seed));
    }

    /** Uniform in [0, 1). */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
