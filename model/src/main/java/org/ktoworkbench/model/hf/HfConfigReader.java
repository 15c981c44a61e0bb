package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a checkpoint's config.json into the typed config of its architecture, with each transformers
 * class's defaults (configuration_llama.py, _mistral, _qwen2, _qwen3, _gpt2, _gpt_neox) for omitted
 * fields. Anything we cannot compute exactly is an error naming the file and field.
 */
public final class HfConfigReader {
    public static final String CONFIG_FILE = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> MODEL_TYPES = Map.of(
            "llama", "LlamaForCausalLM", "mistral", "MistralForCausalLM", "qwen2", "Qwen2ForCausalLM",
            "qwen3", "Qwen3ForCausalLM", "gpt2", Gpt2Config.ARCHITECTURE, "gpt_neox", GptNeoXConfig.ARCHITECTURE);
    /** Each reward-model class and the causal class whose backbone (and config defaults) it shares. */
    private static final Map<String, String> SEQUENCE_CLASSIFIERS = Map.of(
            "LlamaForSequenceClassification", "LlamaForCausalLM",
            "MistralForSequenceClassification", "MistralForCausalLM",
            "Qwen2ForSequenceClassification", "Qwen2ForCausalLM",
            "Qwen3ForSequenceClassification", "Qwen3ForCausalLM",
            "GPT2ForSequenceClassification", Gpt2Config.ARCHITECTURE,
            "GPTNeoXForSequenceClassification", GptNeoXConfig.ARCHITECTURE);
    private static final List<String> MOE_FIELDS = List.of("num_local_experts", "num_experts", "n_routed_experts");

    private HfConfigReader() {}

    public static HfConfig read(Path dir) throws IOException {
        return parse(readText(dir), dir.resolve(CONFIG_FILE).toString());
    }

    /** As {@link #read} for config.json's text; problems name {@code source} (the file, or what wrote the text). */
    public static HfConfig parse(String text, String source) throws IOException {
        ConfigFields fields = fields(text, source);
        String architecture = architecture(fields);
        if (SEQUENCE_CLASSIFIERS.containsKey(architecture)) {
            throw fields.error("architectures", "is '" + architecture + "': a reward model (sequence classifier), not a"
                    + " language model; use it as a judge: --judge reward-model:DIR");
        }
        return causal(fields, architecture, text);
    }

    /**
     * Reads the config.json of a sequence-classification checkpoint (a reward model): its causal backbone with that
     * family's defaults, the number of labels and the pad token id. A causal LM's config is an error saying so.
     */
    public static SequenceClassifierConfig readSequenceClassifier(Path dir) throws IOException {
        String source = dir.resolve(CONFIG_FILE).toString();
        String text = readText(dir);
        ConfigFields fields = fields(text, source);
        JsonNode list = fields.get("architectures");
        String architecture = list == null ? null : architecture(fields);
        String causal = SEQUENCE_CLASSIFIERS.get(architecture);
        if (causal == null) {
            throw fields.error("architectures", (architecture == null ? "is missing" : "is '" + architecture + "'")
                    + ": not a reward model (expected one of "
                    + String.join(", ", SEQUENCE_CLASSIFIERS.keySet().stream().sorted().toList()) + ")");
        }
        return new SequenceClassifierConfig(architecture, causal(fields, causal, text), numLabels(fields),
                padTokenId(fields));
    }

    private static String readText(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": model config not found");
        }
    }

    private static ConfigFields fields(String text, String source) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": line " + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IOException(source + ": expected a JSON object");
        }
        ConfigFields fields = new ConfigFields(node, source);
        for (String moe : MOE_FIELDS) {
            JsonNode experts = fields.get(moe);
            if (experts != null && experts.asInt() > 1) {
                throw fields.error(moe, "is " + experts + ": mixture-of-experts models are not supported");
            }
        }
        return fields;
    }

    private static HfConfig causal(ConfigFields fields, String architecture, String text) throws IOException {
        return switch (architecture) {
            case "LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM" ->
                    llama(fields, architecture, text);
            case Gpt2Config.ARCHITECTURE -> gpt2(fields, text);
            case GptNeoXConfig.ARCHITECTURE -> gptNeoX(fields, text);
            default -> throw fields.error("architectures", "is '" + architecture + "': not supported (supported: "
                    + String.join(", ", MODEL_TYPES.values().stream().sorted().toList()) + ")");
        };
    }

    /** transformers: {@code num_labels} when given, else {@code len(id2label)}, else 2. */
    private static int numLabels(ConfigFields f) throws IOException {
        if (f.get("num_labels") != null) {
            return f.positiveInt("num_labels", 2);
        }
        JsonNode labels = f.get("id2label");
        if (labels == null) {
            return 2;
        }
        if (!labels.isObject() || labels.isEmpty()) {
            throw f.error("id2label", "must be an object of label index -> name, got " + labels);
        }
        return labels.size();
    }

    private static Integer padTokenId(ConfigFields f) throws IOException {
        JsonNode pad = f.get("pad_token_id");
        if (pad == null) {
            return null;
        }
        if (!pad.canConvertToExactIntegral() || !pad.canConvertToInt() || pad.asInt() < 0) {
            throw f.error("pad_token_id", "must be a token id (an integer 0 or more) or null, got " + pad);
        }
        return pad.asInt();
    }

    private static String architecture(ConfigFields fields) throws IOException {
        JsonNode list = fields.get("architectures");
        if (list != null) {
            if (!list.isArray() || list.size() != 1 || !list.get(0).isTextual()) {
                throw fields.error("architectures", "must be a list of one class name, got " + list);
            }
            return list.get(0).asText();
        }
        String modelType = fields.text("model_type", null);
        if (modelType == null) {
            throw fields.error("architectures", "is missing (and no 'model_type' either)");
        }
        String mapped = MODEL_TYPES.get(modelType);
        if (mapped == null) {
            throw fields.error("model_type", "is '" + modelType + "': not supported");
        }
        return mapped;
    }

    private static LlamaConfig llama(ConfigFields f, String architecture, String text) throws IOException {
        boolean mistral = architecture.equals("MistralForCausalLM");
        boolean qwen2 = architecture.equals("Qwen2ForCausalLM");
        boolean qwen3 = architecture.equals("Qwen3ForCausalLM");
        boolean qwen = qwen2 || qwen3;
        int vocab = f.positiveInt("vocab_size", qwen ? 151936 : 32000);
        int hidden = f.positiveInt("hidden_size", 4096);
        int intermediate = f.positiveInt("intermediate_size", qwen ? 22016 : mistral ? 14336 : 11008);
        int layers = f.positiveInt("num_hidden_layers", 32);
        int heads = f.positiveInt("num_attention_heads", 32);
        int kvHeads = f.positiveInt("num_key_value_heads", mistral ? 8 : heads);
        if (heads % kvHeads != 0) {
            throw f.error("num_key_value_heads", "(" + kvHeads + ") must divide num_attention_heads (" + heads + ")");
        }
        int headDim = f.positiveInt("head_dim", qwen3 ? 128 : hidden / heads);
        if (!qwen3 && f.get("head_dim") == null && hidden % heads != 0) {
            throw f.error("num_attention_heads", "(" + heads + ") must divide hidden_size (" + hidden + ")");
        }
        int context = f.positiveInt("max_position_embeddings", qwen ? 32768 : mistral ? 131072 : 2048);
        Activation.parse(f, "hidden_act", "silu", Activation.SILU);
        if (f.bool("mlp_bias", false)) {
            throw f.error("mlp_bias", "is true: MLP biases are not supported");
        }
        if (qwen && f.bool("use_sliding_window", false)) {
            throw f.error("use_sliding_window", "is true: sliding-window attention is not supported");
        }
        if (mistral && f.get("sliding_window") != null) {
            // a window at least as long as every sequence changes nothing: cap the context there instead
            context = Math.min(context, f.positiveInt("sliding_window", 4096));
        }
        boolean attentionBias = f.bool("attention_bias", false);
        return new LlamaConfig(architecture, vocab, hidden, intermediate, layers, heads, kvHeads, headDim, context,
                f.positiveNumber("rms_norm_eps", 1e-6), f.positiveNumber("rope_theta", 10000.0), ropeScaling(f),
                f.bool("tie_word_embeddings", false),
                qwen2 || attentionBias, !qwen2 && attentionBias, qwen3, text);
    }

    private static LlamaConfig.Llama3RopeScaling ropeScaling(ConfigFields f) throws IOException {
        JsonNode scaling = f.get("rope_scaling");
        if (scaling == null) {
            return null;
        }
        if (!scaling.isObject()) {
            throw f.error("rope_scaling", "must be an object or null, got " + scaling);
        }
        ConfigFields inner = new ConfigFields(scaling, f.source());
        String type = inner.text("rope_type", inner.text("type", null));
        if (type == null || type.equals("default")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw f.error("rope_scaling", "has rope_type '" + type + "': not supported (only 'llama3' and 'default')");
        }
        try {
            return new LlamaConfig.Llama3RopeScaling(inner.positiveNumber("factor", Double.NaN),
                    inner.positiveNumber("low_freq_factor", Double.NaN),
                    inner.positiveNumber("high_freq_factor", Double.NaN),
                    inner.positiveInt("original_max_position_embeddings", 8192));
        } catch (IOException e) {
            throw new IOException(e.getMessage().replace("field '", "field 'rope_scaling."), e);
        }
    }

    private static Gpt2Config gpt2(ConfigFields f, String text) throws IOException {
        int hidden = f.positiveInt("n_embd", 768);
        int heads = f.positiveInt("n_head", 12);
        if (hidden % heads != 0) {
            throw f.error("n_head", "(" + heads + ") must divide n_embd (" + hidden + ")");
        }
        if (f.bool("scale_attn_by_inverse_layer_idx", false)) {
            throw f.error("scale_attn_by_inverse_layer_idx", "is true: not supported");
        }
        return new Gpt2Config(f.positiveInt("vocab_size", 50257), f.positiveInt("n_positions", 1024), hidden,
                f.positiveInt("n_layer", 12), heads, f.positiveInt("n_inner", 4 * hidden),
                Activation.parse(f, "activation_function", "gelu_new", Activation.GELU_TANH, Activation.GELU),
                f.positiveNumber("layer_norm_epsilon", 1e-5), f.bool("tie_word_embeddings", true),
                f.bool("scale_attn_weights", true), text);
    }

    private static GptNeoXConfig gptNeoX(ConfigFields f, String text) throws IOException {
        int hidden = f.positiveInt("hidden_size", 6144);
        int heads = f.positiveInt("num_attention_heads", 64);
        if (hidden % heads != 0) {
            throw f.error("num_attention_heads", "(" + heads + ") must divide hidden_size (" + hidden + ")");
        }
        if (f.get("rope_scaling") != null) {
            throw f.error("rope_scaling", "is set: RoPE scaling is not supported for GPT-NeoX");
        }
        double rotaryPct = f.positiveNumber("rotary_pct", f.positiveNumber("partial_rotary_factor", 0.25));
        if (rotaryPct > 1) {
            throw f.error("rotary_pct", "must be at most 1, got " + rotaryPct);
        }
        return new GptNeoXConfig(f.positiveInt("vocab_size", 50432), f.positiveInt("max_position_embeddings", 2048),
                hidden, f.positiveInt("num_hidden_layers", 44), heads, f.positiveInt("intermediate_size", 24576),
                Activation.parse(f, "hidden_act", "gelu", Activation.GELU, Activation.GELU_TANH), rotaryPct,
                f.positiveNumber("rotary_emb_base", f.positiveNumber("rope_theta", 10000.0)),
                f.positiveNumber("layer_norm_eps", 1e-5), f.bool("use_parallel_residual", true),
                f.bool("tie_word_embeddings", false), f.bool("attention_bias", true), text);
    }
}
