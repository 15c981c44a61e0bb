package org.ktoworkbench.model.score;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.SequenceBatcher;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Summed completion log-probs of sequences, computed as training computes them ({@link SequenceLogProbs}, no
 * gradient), in fixed chunks of {@link SequenceLogProbs#FIXED_CHUNK} consecutive sequences, the chunk
 * {@code --precompute-reference} uses, so the numbers are the same.
 */
public final class Scorer {
    private static final int CHUNK = SequenceLogProbs.FIXED_CHUNK;

    private final CausalLm model;
    private final int padId;

    public Scorer(CausalLm model, int padId) {
        this.model = model;
        this.padId = padId;
    }

    /** One log-prob per sequence; {@code progress} hears the number done after each chunk. */
    public double[] score(List<SequenceBatcher.Sequence> sequences, IntConsumer progress) {
        double[] out = new double[sequences.size()];
        for (int from = 0; from < sequences.size(); from += CHUNK) {
            List<SequenceBatcher.Sequence> chunk = new ArrayList<>(sequences.subList(from, Math.min(sequences.size(), from + CHUNK)));
            TokenBatch batch = SequenceBatcher.packSequences(chunk, padId);
            try (NDManager manager = NDManager.newBaseManager(model.parameters().get(0).value().getDevice())) {
                double[] sums = SequenceLogProbs.computeWithoutGradient(model, batch, manager)
                        .toType(DataType.FLOAT64, false).toDoubleArray();
                for (int k = 0; k < sums.length; k++) out[from + k] = sums[k];
            }
            progress.accept(Math.min(sequences.size(), from + CHUNK));
        }
        return out;
    }
}
