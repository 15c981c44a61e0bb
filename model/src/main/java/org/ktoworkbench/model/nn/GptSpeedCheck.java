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

    private static double timeForward(Gpt model, TokenBatch tokens) {
        long start = System.nanoTime();
        JniUtils.setGradMode(false);
        try (NDManager step = NDManager.newBaseManager()) {
            SequenceLogProbs.compute(model, tokens, step).toFloatArray();
        }
        return (System.nanoTime() - start) / 1e6;
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
        System.out.printf("%-14s best %7.1f ms  median %7.1f ms  (%,.0f tokens/s at median)%n",
                label, sorted[0], median, tokens / (median / 1000));
    }
}
