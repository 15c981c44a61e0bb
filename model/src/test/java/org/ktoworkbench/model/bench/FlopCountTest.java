package org.ktoworkbench.model.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.SafetensorsTensor;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.GptConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FlopCountTest {
    /** Tensors used by lookup (a gather), not by a product: the token and position embeddings. */
    private static final Pattern LOOKUPS = Pattern.compile(".*(wte|wpe|embed_tokens|embed_in)\\.weight");
    /** Output projections, when untied. */
    private static final Pattern HEADS = Pattern.compile("(lm_head|embed_out)\\.weight");

    @TempDir
    Path tmp;

    /** 2·m·k·n for an [m, k] × [k, n] product. */
    private static long product(long m, long k, long n) {
        return 2 * m * k * n;
    }

    private DecoderDims dims(TinyCheckpoints.Spec spec) throws IOException {
        return DecoderDims.of(HfConfigReader.read(TinyCheckpoints.write(tmp.resolve(spec.name()), spec, "F32", false)));
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
        assertEquals(handCount, FlopCount.forward(DecoderDims.of(config), rows, t), 0.0);
        assertEquals(53_280, handCount); // 2 layers · 25,440 + 2,400 for the output projection
    }

    @Test
    void qwen3CountsGroupedKeysAndValuesItsOwnHeadDimAndThreeMlpMatrices() throws IOException {
        // TinyCheckpoints.qwen3: 2 layers, hidden 32, 4 query heads and 2 key/value heads of head_dim 12 (not 32 / 4),
        // SwiGLU MLP of 48, vocabulary 100, tied head; 3 rows of 5 tokens
        DecoderDims dims = dims(TinyCheckpoints.qwen3());
        long rows = 3;
        long t = 5;
        long n = rows * t;
        long perLayer = product(n, 32, 4 * 12)                           // q_proj
                + 2 * product(n, 32, 2 * 12)                             // k_proj, v_proj: 2 kv heads only
                + rows * 4 * product(t, 12, t)                           // scores, each query head its repeated kv head
                + rows * 4 * product(t, t, 12)                           // weights·V
                + product(n, 4 * 12, 32)                                 // o_proj
                + product(n, 32, 48) + product(n, 32, 48) + product(n, 48, 32); // gate, up, down
        long handCount = 2 * perLayer + product(n, 32, 100);
        assertEquals(handCount, FlopCount.forward(dims, rows, t), 0.0);
        assertEquals(677_760, handCount);
        assertEquals(6.0 * handCount, FlopCount.ktoStep(dims, rows, t), 0.0);
    }

    @Test
    void gpt2CountsItsFusedAttentionAndTwoMlpMatrices() throws IOException {
        // TinyCheckpoints.gpt2: 2 layers, n_embd 32, 4 heads (head dim 8), inner 128, vocabulary 90; 3 rows of 5 tokens
        DecoderDims dims = dims(TinyCheckpoints.gpt2());
        long rows = 3;
        long t = 5;
        long n = rows * t;
        long perLayer = product(n, 32, 96)                               // c_attn: q, k, v
                + rows * 4 * product(t, 8, t) + rows * 4 * product(t, t, 8)
                + product(n, 32, 32)                                     // c_proj
                + product(n, 32, 128) + product(n, 128, 32);             // c_fc, mlp.c_proj
        long handCount = 2 * perLayer + product(n, 32, 90);
        assertEquals(handCount, FlopCount.forward(dims, rows, t), 0.0);
        assertEquals(842_880, handCount);
    }

    @Test
    void anUntiedHeadAddsParametersButNoProducts() throws IOException {
        TinyCheckpoints.Spec tied = TinyCheckpoints.qwen3();
        TinyCheckpoints.Spec untied = new TinyCheckpoints.Spec("qwen3-untied", tied.architecture(), tied.vocab(),
                tied.hidden(), tied.intermediate(), tied.layers(), tied.heads(), tied.kvHeads(), tied.headDim(),
                tied.maxPositions(), tied.eps(), tied.ropeTheta(), tied.llama3(), false, tied.qkvBias(), tied.qkNorm(),
                tied.activation(), tied.rotaryPct(), tied.parallelResidual(), tied.omitted());
        DecoderDims a = dims(tied);
        DecoderDims b = dims(untied);
        assertNotEquals(a.tiedHead(), b.tiedHead());
        // the head's product 2·N·d·V is there either way; the tied embedding is read by a gather, which is no product
        assertEquals(FlopCount.forward(a, 3, 5), FlopCount.forward(b, 3, 5), 0.0);
    }

    /**
     * Independent of the formula's terms: on one token, each weight matrix of the layers and the output projection
     * costs 2 FLOPs per element, and attention 4·H·head_dim per layer (a 1×1 score square). The matrices come from
     * the safetensors headers of each architecture's tiny checkpoint.
     */
    @Test
    void perTokenCountIsTwicePerMatrixWeightForEveryArchitecture() throws IOException {
        for (TinyCheckpoints.Spec spec : TinyCheckpoints.all()) {
            Path dir = TinyCheckpoints.write(tmp.resolve("each-" + spec.name()), spec, "F32", false);
            long matrixWeights = 0;
            for (SafetensorsTensor tensor : CheckpointWeights.open(dir).tensors()) {
                boolean matrix = tensor.shape().length == 2;
                if (matrix && !LOOKUPS.matcher(tensor.name()).matches() && !HEADS.matcher(tensor.name()).matches()) {
                    matrixWeights += tensor.elementCount();
                }
            }
            long head = (long) spec.vocab() * spec.hidden();
            long attention = 4L * spec.layers() * spec.heads() * spec.headDim();
            DecoderDims dims = DecoderDims.of(HfConfigReader.read(dir));
            assertEquals(2 * matrixWeights + attention + 2 * head, FlopCount.forward(dims, 1, 1), 0.0, spec.name());
        }
    }

    @Test
    void aKtoStepIsSixForwardsAndTheReferenceShapeMatchesDesignMd() {
        BenchShape shape = BenchShape.reference();
        double forward = FlopCount.forward(DecoderDims.of(shape.gptConfig()), 16, 128);
        assertEquals(6 * forward, FlopCount.ktoStep(shape), 0.0);
        // DESIGN.md: eager PyTorch's 1.35 s step is about 64 GFLOP/s
        assertEquals(63.2, FlopCount.ktoStep(shape) / 1.35 / 1e9, 0.1);
    }
}
