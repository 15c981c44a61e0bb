package org.ktoworkbench.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the built-in GPT at the bench shape (default B16, T128, 4 layers, d256, 4 heads, vocab 256):
 * forward+backward of the summed sequence log-probs, and a gradient-free forward.
 * Usage: {@code GptSpeedCheck [batch seqLen layers dModel heads vocab iterations]}.
 * Run with {@code OMP_WAIT_POLICY=PASSIVE}.
 */
public final class GptSpeedCheck {
    private GptSpeedCheck() {}

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        int[] a = {16, 128, 4, 256, 4, 256, 10};
        for (int i = 0; i < args.length && i < a.length; i++) {
            a[i] = Integer.parseInt(args[i]);
        }
        int batch = a[0];
        int seqLen = a[1];
        int iterations = a[6];
        GptConfig config = new GptConfig(a[5], seqLen, a[2], a[3], a[4]);
        Engine.getEngine("PyTorch"); // loads the native library before JniUtils is touched
        TokenBatch tokens = randomBatch(batch, seqLen, config.vocabSize());
        System.out.printf("config %s, %,d parameters, batch %d x %d, threads %d%n", config,
                config.parameterCount(), batch, seqLen, JniUtils.getNumThreads());
        try (Gpt model = Gpt.create(config, 1)) {
            double[] train = new double[iterations];
            double[] infer = new double[iterations];
            for (int i = -2; i < iterations; i++) { // two warm-up rounds
                double t = timeTrainStep(model, tokens);
                double f = timeForward(model, tokens);
                if (i >= 0) {
                    train[i] = t;
                    infer[i] = f;
                }
            }
            report("fwd+bwd", train, tokens.tokenCount());
            report("fwd (no grad)", infer, tokens.tokenCount());
            timeKtoShapedStep(model, tokens, iterations);
            timeGeneration(model, Math.max(1, iterations / 5));
            System.out.printf("model manager arrays after run: %d (parameters: %d)%n",
                    model.managedArrayCount(), model.parameters().size());
        }
    }

    private static double timeTrainStep(Gpt model, TokenBatch tokens) {
        long start = System.nanoTime();
        try (NDManager step = NDManager.newBaseManager();
             GradientCollector collector = step.getEngine().newGradientCollector()) {
            NDArray loss = SequenceLogProbs.compute(model, tokens, step).sum();
            collector.backward(loss);
        }
        model.zeroGradients();
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * The model work of one KTO step (no loss or optimizer): policy forward+backward, policy KL forward
     * and two reference forwards, the last three without gradient.
     */
    private static void timeKtoShapedStep(Gpt model, TokenBatch tokens, int iterations) {
        double[] millis = new double[iterations];
        try (CausalLm reference = model.frozenCopy()) {
            for (int i = -1; i < iterations; i++) {
                long start = System.nanoTime();
                try (NDManager step = NDManager.newBaseManager();
                     GradientCollector collector = step.getEngine().newGradientCollector()) {
                    NDArray policy = SequenceLogProbs.compute(model, tokens, step);
                    NDArray kl = SequenceLogProbs.computeWithoutGradient(model, tokens, step);
                    NDArray ref = SequenceLogProbs.computeWithoutGradient(reference, tokens, step);
                    NDArray refKl = SequenceLogProbs.computeWithoutGradient(reference, tokens, step);
                    collector.backward(policy.sub(ref).sum().add(kl.sub(refKl).sum()));
                }
                model.zeroGradients();
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        report("KTO-shaped step", millis, tokens.tokenCount());
    }

    private static double timeForward(Gpt model, TokenBatch tokens) {
        long start = System.nanoTime();
        JniUtils.setGradMode(false);
        try (NDManager step = NDManager.newBaseManager()) {
            SequenceLogProbs.compute(model, tokens, step).toFloatArray();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Greedy continuation of 100 prompts of 32 tokens by 32 tokens: KV cache against recomputing everything. */
    private static void timeGeneration(Gpt model, int rounds) {
        int prompts = 100;
        int promptLength = 32;
        int newTokens = Math.min(32, model.config().contextLength() - promptLength - 1);
        int vocab = model.config().vocabSize();
        SplittableRandom random = new SplittableRandom(3);
        List<int[]> inputs = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            inputs.add(random.ints(promptLength, 0, vocab).toArray());
        }
        // the bench vocabulary has no room for special ids: generate without EOS, BOS and PAD folded in
        var specials = new org.ktoworkbench.model.text.Tokenizer() {
            public int[] encode(String text) { throw new UnsupportedOperationException(); }
            public String decode(int[] ids) { throw new UnsupportedOperationException(); }
            public int vocabSize() { return vocab; }
            public int bosId() { return 0; }
            public int eosId() { return -1; }
            public int padId() { return 0; }
        };
        Generator generator = new Generator(model, specials, prompts);
        double[] cached = new double[rounds];
        double[] recomputed = new double[1]; // ten times slower: once is enough
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            generator.generate(inputs, GenerationConfig.greedy(newTokens));
            cached[r] = (System.nanoTime() - start) / 1e6;
        }
        long start = System.nanoTime();
        greedyWithoutCache(model, inputs, newTokens);
        recomputed[0] = (System.nanoTime() - start) / 1e6;
        report("generate, KV cache", cached, (long) prompts * newTokens);
        report("generate, recompute", recomputed, (long) prompts * newTokens);
    }

    private static void greedyWithoutCache(Gpt model, List<int[]> prompts, int newTokens) {
        JniUtils.setGradMode(false);
        int rows = prompts.size();
        int vocab = model.config().vocabSize();
        int length = prompts.get(0).length + 1;
        int width = length + newTokens;
        int[] tokens = new int[rows * width];
        for (int b = 0; b < rows; b++) {
            System.arraycopy(prompts.get(b), 0, tokens, b * width + 1, length - 1);
        }
        for (int step = 0; step < newTokens; step++, length++) {
            int[] visible = new int[rows * length];
            for (int b = 0; b < rows; b++) {
                System.arraycopy(tokens, b * width, visible, b * length, length);
            }
            try (NDManager m = NDManager.newBaseManager()) {
                float[] last = model.logits(m.create(visible, new ai.djl.ndarray.types.Shape(rows, length)))
                        .get(":, -1, :").toFloatArray();
                for (int b = 0; b < rows; b++) {
                    tokens[b * width + length] = TokenSampler.argmax(last, b * vocab, vocab);
                }
            }
        }
    }

    private static TokenBatch randomBatch(int batch, int seqLen, int vocab) {
        SplittableRandom random = new SplittableRandom(7);
        ByteTokenizer specials = new ByteTokenizer();
        List<SequenceBatcher.Pair> pairs = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int promptLength = seqLen / 4;
            pairs.add(new SequenceBatcher.Pair(random.ints(promptLength, 0, vocab).toArray(),
                    random.ints(seqLen - promptLength - 1, 0, vocab).toArray()));
        }
        TokenBatch packed = new SequenceBatcher(specials, seqLen).pack(pairs);
        // the byte tokenizer's specials (256..258) fall outside a 256 vocabulary: fold them in
        int[] inputs = Arrays.stream(packed.inputs()).map(t -> t % vocab).toArray();
        int[] targets = Arrays.stream(packed.targets()).map(t -> t % vocab).toArray();
        return new TokenBatch(packed.batchSize(), packed.length(), inputs, targets, packed.completionMask(),
                packed.tokenCount(), packed.completionTokenCount(), packed.truncatedRows());
    }

    private static void report(String label, double[] millis, long tokens) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf("%-20s best %7.1f ms  median %7.1f ms  (%,.0f tokens/s at median)%n",
                label, sorted[0], median, tokens / (median / 1000));
    }
}
