package org.ktoworkbench.model.loading;

import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.hf.GptNeoXConfig;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.LlamaConfig;
import org.ktoworkbench.model.hf.SafetensorsTensor;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.nn.ModelShape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model folder holds, read from config.json, the safetensors headers and the tokenizer files without loading
 * any weights (so a checkpoint larger than memory can be inspected).
 *
 * @param dtypes         tensors per dtype on disk, e.g. {@code BF16 -> 290}
 * @param tokenizerSize  tokens the tokenizer knows (may be fewer than the model's padded vocabulary)
 */
public record ModelInspection(Path dir, ModelKind kind, String architecture, ModelShape shape,
                              Map<String, Integer> dtypes, int tokenizerSize, boolean tiedEmbeddings,
                              boolean chatTemplate) {

    public static ModelInspection of(Path dir) throws IOException {
        ModelKind kind = ModelFolder.kindOf(dir);
        if (kind == ModelKind.BUILT_IN) {
            GptConfig config = GptConfig.read(dir.resolve(HfConfigReader.CONFIG_FILE));
            ModelShape shape = ModelShape.of(config);
            return new ModelInspection(dir, kind, "built-in GPT", withParameters(shape, dir), dtypes(dir),
                    ByteTokenizer.VOCAB_SIZE, true, false);
        }
        HfConfig config = HfConfigReader.read(dir);
        int tokenizerSize;
        boolean chatTemplate;
        try (HfTokenizer tokenizer = HfTokenizer.open(dir)) {
            tokenizerSize = tokenizer.vocabSize();
            chatTemplate = tokenizer.config().chatTemplate().isPresent();
        }
        return new ModelInspection(dir, kind, config.architecture(), withParameters(shape(config), dir), dtypes(dir),
                tokenizerSize, tied(config), chatTemplate);
    }

    /** The longest sequence the model in {@code dir} reads, from its config.json alone. */
    public static int contextLength(Path dir) throws IOException {
        if (ModelFolder.kindOf(dir) == ModelKind.BUILT_IN) {
            return GptConfig.read(dir.resolve(HfConfigReader.CONFIG_FILE)).contextLength();
        }
        return HfConfigReader.read(dir).contextLength();
    }

    /** The shape with the parameter count of the weights on disk (tied heads are stored once). */
    private static ModelShape withParameters(ModelShape s, Path dir) throws IOException {
        long count = 0;
        for (SafetensorsTensor t : tensors(dir)) {
            count += t.elementCount();
        }
        return new ModelShape(count, s.layers(), s.hidden(), s.heads(), s.innerSize(), s.gatedMlp(), s.vocabSize(),
                s.contextLength());
    }

    private static Map<String, Integer> dtypes(Path dir) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (SafetensorsTensor t : tensors(dir)) {
            counts.merge(t.dtypeName(), 1, Integer::sum);
        }
        return counts;
    }

    private static Collection<SafetensorsTensor> tensors(Path dir) throws IOException {
        return CheckpointWeights.open(dir).tensors();
    }

    private static ModelShape shape(HfConfig config) {
        if (config instanceof LlamaConfig c) {
            return new ModelShape(0, c.layers(), c.hiddenSize(), c.heads(), c.intermediateSize(), true, c.vocabSize(),
                    c.contextLength());
        }
        if (config instanceof Gpt2Config c) {
            return new ModelShape(0, c.layers(), c.hiddenSize(), c.heads(), c.innerSize(), false, c.vocabSize(),
                    c.contextLength());
        }
        GptNeoXConfig c = (GptNeoXConfig) config;
        return new ModelShape(0, c.layers(), c.hiddenSize(), c.heads(), c.intermediateSize(), false, c.vocabSize(),
                c.contextLength());
    }

    private static boolean tied(HfConfig config) {
        if (config instanceof LlamaConfig c) return c.tieWordEmbeddings();
        if (config instanceof Gpt2Config c) return c.tieWordEmbeddings();
        return ((GptNeoXConfig) config).tieWordEmbeddings();
    }
}
