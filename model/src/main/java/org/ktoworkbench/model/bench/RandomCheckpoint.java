package org.ktoworkbench.model.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A Hugging Face checkpoint folder of seeded random weights (config.json and model.safetensors, float32, no
 * tokenizer), for benchmarking an architecture at a chosen size without downloading a model. The weights are drawn
 * as transformers initialises a fresh model, under the architecture's tensor names; config.json carries the fields
 * transformers' config class reads for the shape (the rest take the class defaults).
 *
 * @param kvHeads      key/value heads (GPT-2: equal to heads)
 * @param headDim      per-head width (GPT-2: hidden / heads)
 * @param intermediate MLP width
 * @param context      max_position_embeddings (GPT-2: n_positions)
 */
public record RandomCheckpoint(Architecture architecture, int layers, int hidden, int heads, int kvHeads, int headDim,
                               int intermediate, int vocab, int context, boolean tiedEmbeddings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The architectures this writes, by their transformers model_type. */
    public enum Architecture {
        LLAMA("LlamaForCausalLM", 500_000), MISTRAL("MistralForCausalLM", 1_000_000),
        QWEN2("Qwen2ForCausalLM", 1_000_000), QWEN3("Qwen3ForCausalLM", 1_000_000), GPT2("GPT2LMHeadModel", 0);

        private final String className;
        private final double ropeTheta;

        Architecture(String className, double ropeTheta) {
            this.className = className;
            this.ropeTheta = ropeTheta;
        }

        /** The transformers class, as config.json's {@code architectures} names it. */
        public String className() {
            return className;
        }

        public String modelType() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether this family's small released models tie the output projection to the token embedding. */
        public boolean tiesByDefault() {
            return this == QWEN2 || this == QWEN3 || this == GPT2;
        }

        /** By model_type ({@code qwen3}), as the command line names it. */
        public static Architecture of(String modelType) {
            return Arrays.stream(values()).filter(a -> a.modelType().equals(modelType)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + modelType
                            + "' (known: " + String.join(", ", Arrays.stream(values()).map(Architecture::modelType)
                            .toList()) + ")"));
        }
    }

    public RandomCheckpoint {
        requirePositive("layers", layers);
        requirePositive("hidden", hidden);
        requirePositive("heads", heads);
        requirePositive("kv-heads", kvHeads);
        requirePositive("head-dim", headDim);
        requirePositive("intermediate", intermediate);
        requirePositive("context", context);
        if (vocab < 4) {
            throw new IllegalArgumentException("vocab must be at least 4 (a token and BOS, EOS, PAD), got " + vocab);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("kv-heads (" + kvHeads + ") must divide heads (" + heads + ")");
        }
        if (architecture == Architecture.GPT2 && (kvHeads != heads || (long) heads * headDim != hidden)) {
            throw new IllegalArgumentException("GPT-2 has no grouped-query attention and a head width of hidden / heads:"
                    + " kv-heads must equal heads and heads · head-dim equal hidden (" + hidden + ")");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    /** config.json as save_pretrained would write it for this shape. */
    public String configJson() {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(architecture.className());
        c.put("model_type", architecture.modelType());
        c.put("vocab_size", vocab);
        c.put("torch_dtype", "float32");
        c.put("tie_word_embeddings", tiedEmbeddings);
        if (architecture == Architecture.GPT2) {
            c.put("n_embd", hidden);
            c.put("n_layer", layers);
            c.put("n_head", heads);
            c.put("n_inner", intermediate);
            c.put("n_positions", context);
            c.put("n_ctx", context);
            c.put("activation_function", "gelu_new");
            c.put("layer_norm_epsilon", 1e-5);
        } else {
            c.put("hidden_size", hidden);
            c.put("intermediate_size", intermediate);
            c.put("num_hidden_layers", layers);
            c.put("num_attention_heads", heads);
            c.put("num_key_value_heads", kvHeads);
            c.put("head_dim", headDim);
            c.put("max_position_embeddings", context);
            c.put("hidden_act", "silu");
            c.put("rms_norm_eps", 1e-6);
            c.put("rope_theta", architecture.ropeTheta);
            c.putNull("rope_scaling");
            if (architecture == Architecture.QWEN2 || architecture == Architecture.QWEN3) {
                c.put("use_sliding_window", false);
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and strings always serialises", e);
        }
    }

    /** The config as the loader reads it. */
    public HfConfig config() {
        try {
            return HfConfigReader.parse(configJson(), "generated " + architecture.modelType() + " config");
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Writes {@code dir/config.json} and {@code dir/model.safetensors} (the folder is created) with weights drawn
     * from {@code seed}.
     *
     * @return the number of parameters written
     */
    public long write(Path dir, long seed) throws IOException {
        try (CausalLm model = HfModels.random(config(), seed)) {
            model.save(dir);
            return model.parameterCount();
        }
    }

    @Override
    public String toString() {
        return architecture.className() + ": " + DecoderDims.of(config());
    }
}
