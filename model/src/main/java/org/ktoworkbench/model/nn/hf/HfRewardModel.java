package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.SafetensorsTensor;
import org.ktoworkbench.model.hf.SequenceClassifierConfig;
import org.ktoworkbench.model.nn.Autocast;
import org.ktoworkbench.model.nn.GradMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A transformers reward model ({@code *ForSequenceClassification} with one label) as transformers computes it: the
 * causal backbone's last hidden states, the {@code score} head {@code score.weight} [1, hidden] without bias, read
 * at the rightmost token that is not {@code pad_token_id} (the last token when the config has none). Checkpoint
 * tensors are the causal model's without its LM head, plus {@code score.weight}. Frozen: nothing requires gradients.
 */
public final class HfRewardModel implements AutoCloseable {
    public static final String SCORE = "score.weight";

    private final SequenceClassifierConfig config;
    private final HfDecoder backbone;
    private final NDArray score;

    private HfRewardModel(SequenceClassifierConfig config, HfDecoder backbone, NDArray score) {
        this.config = config;
        this.backbone = backbone;
        this.score = score;
    }

    /**
     * Checks {@code dir} from config.json and the safetensors headers alone (no weights are read): a sequence
     * classifier of a supported backbone with one label and a {@code score.weight} of shape [1, hidden].
     *
     * @throws IOException naming the file and what is wrong
     */
    public static SequenceClassifierConfig inspect(Path dir) throws IOException {
        SequenceClassifierConfig config = HfConfigReader.readSequenceClassifier(dir);
        Path file = dir.resolve(HfConfigReader.CONFIG_FILE);
        if (config.numLabels() != 1) {
            throw new IOException(file + ": " + config.architecture() + " has " + config.numLabels() + " labels"
                    + " (num_labels / id2label): a reward model has one, whose logit is the reward");
        }
        CheckpointWeights weights = CheckpointWeights.open(dir);
        int hidden = config.backbone().hiddenSize();
        SafetensorsTensor head = weights.tensors().stream().filter(t -> t.name().equals(SCORE)).findFirst()
                .orElseThrow(() -> new IOException(dir + ": tensor '" + SCORE + "' is missing from the weights: no reward"
                        + " head (a " + config.architecture() + " checkpoint has " + SCORE + " [1, " + hidden + "])"));
        if (!Arrays.equals(head.shape(), new long[] {1, hidden})) {
            throw new IOException(head.file() + ": tensor '" + SCORE + "' has shape " + head.shapeText()
                    + ", config.json needs [1, " + hidden + "]");
        }
        return config;
    }

    /** Loads {@code dir} after {@link #inspect}ing it; every tensor of the files must be used. */
    public static HfRewardModel load(Path dir) throws IOException {
        SequenceClassifierConfig config = inspect(dir);
        HfWeights weights = HfWeights.readingFrozen(CheckpointWeights.open(dir));
        try {
            HfDecoder backbone = HfModels.decoder(config.backbone(), weights, false);
            NDArray score = weights.take(SCORE, false, 1, config.backbone().hiddenSize());
            weights.requireAllUsed();
            return new HfRewardModel(config, backbone, score);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    public SequenceClassifierConfig config() {
        return config;
    }

    public int contextLength() {
        return backbone.contextLength();
    }

    public int vocabSize() {
        return backbone.vocabSize();
    }

    /**
     * The reward of each token sequence (each at most {@link #contextLength()} tokens, at least one), computed in one
     * right-padded batch: padding comes after every real token, so no real token sees it and positions are unchanged.
     */
    public float[] rewards(List<int[]> sequences) {
        int rows = sequences.size();
        if (rows == 0) {
            return new float[0];
        }
        int time = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        int pad = config.padTokenId() == null ? 0 : config.padTokenId();
        int[] ids = new int[rows * time];
        float[] mask = new float[rows * time];
        int[] read = new int[rows];
        for (int b = 0; b < rows; b++) {
            int[] s = sequences.get(b);
            if (s.length == 0) {
                throw new IllegalArgumentException("sequence " + b + " has no tokens");
            }
            Arrays.fill(ids, b * time, (b + 1) * time, pad);
            System.arraycopy(s, 0, ids, b * time, s.length);
            Arrays.fill(mask, b * time, b * time + s.length, 1f);
            read[b] = readPosition(s, config.padTokenId());
        }
        float[] scores = GradMode.withoutGradient(() -> {
            try (NDManager step = NDManager.newBaseManager()) {
                NDArray tokens = step.create(ids, new Shape(rows, time)).toType(DataType.INT64, false);
                NDArray hidden = backbone.lastHiddenStates(tokens, step.create(mask, new Shape(rows, time)), null,
                        ProjectionAdapters.NONE);
                return Autocast.linear(hidden, score, null).toType(DataType.FLOAT32, false).toFloatArray(); // [B, T, 1]
            }
        });
        float[] out = new float[rows];
        for (int b = 0; b < rows; b++) {
            out[b] = scores[b * time + read[b]];
        }
        return out;
    }

    /**
     * Where transformers reads a sequence's logit: the rightmost token that is not {@code padTokenId} (position 0 when
     * every token is; argmax of an all-zero row), or the last token when there is no pad token id.
     */
    static int readPosition(int[] sequence, Integer padTokenId) {
        if (padTokenId == null) {
            return sequence.length - 1;
        }
        for (int i = sequence.length - 1; i >= 0; i--) {
            if (sequence[i] != padTokenId) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        backbone.close();
    }
}
