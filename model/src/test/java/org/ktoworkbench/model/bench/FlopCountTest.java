package org.ktoworkbench.model.bench;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.nn.GptConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FlopCountTest {

    /** 2·m·k·n for an [m, k] × [k, n] product. */
    private static long product(long m, long k, long n) {
        return 2 * m * k * n;
    }

    @Test
    void forwardMatchesAHandCountOfEveryProduct() {
        // 2 layers, d 8, 2 heads (head dim 4), vocabulary 10; 3 rows of 5 tokens
        GptConfig config = new GptConfig(10, 5, 2, 8, 2);
        long rows = 3;
        long t = 5;
        long n = rows * t;
        long perLayer = product(n, 8, 24)                   // fused q, k, v
                + rows * 2 * product(t, 4, t)               // scores Q·Kᵀ, per row and head
                + rows * 2 * product(t, t, 4)               // weights·V, per row and head
                + product(n, 8, 8)                          // attention output projection
                + product(n, 8, 32) + product(n, 32, 8);    // MLP
        long handCount = 2 * perLayer + product(n, 8, 10);  // two layers, then the tied output projection
        assertEquals(handCount, FlopCount.forward(config, rows, t), 0.0);
        assertEquals(53_280, handCount); // 2 layers · 25,440 + 2,400 for the output projection
    }

    @Test
    void aKtoStepIsSixForwardsAndTheReferenceShapeMatchesDesignMd() {
        BenchShape shape = BenchShape.reference();
        double forward = FlopCount.forward(shape.gptConfig(), 16, 128);
        assertEquals(6 * forward, FlopCount.ktoStep(shape), 0.0);
        // DESIGN.md: eager PyTorch's 1.35 s step is about 64 GFLOP/s
        assertEquals(63.2, FlopCount.ktoStep(shape) / 1.35 / 1e9, 0.1);
    }
}
