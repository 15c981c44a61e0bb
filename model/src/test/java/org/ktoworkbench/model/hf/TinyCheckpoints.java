package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes tiny random Hugging Face checkpoints in the real on-disk format: config.json as save_pretrained
 * writes it (some cases leave out fields equal to the class default), safetensors with the real tensor
 * names and layouts, one file or two shards with model.safetensors.index.json. Values are multiples of
 * 1/256 in (-1, 1), exact in F32, F16 and BF16 alike.
 */
public final class TinyCheckpoints {

    /** The true hyperparameters of a tiny model; {@code omitted} config fields must equal the class default. */
    public record Spec(String name, String architecture, int vocab, int hidden, int intermediate, int layers, int heads,
                int kvHeads, int headDim, int maxPositions, double eps, double ropeTheta, double[] llama3,
                boolean tie, boolean qkvBias, boolean qkNorm, String activation, double rotaryPct,
                boolean parallelResidual, Set<String> omitted) {

        boolean llamaFamily() {
            return !architecture.equals("GPT2LMHeadModel") && !architecture.equals("GPTNeoXForCausalLM");
        }

        int rotaryDims() {
            return (int) (headDim * rotaryPct);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Llama 3 style: GQA 4/2, untied head, rope_scaling llama3 whose bands all fall on head_dim 8; eps, theta, tie omitted. */
    public static Spec llama() {
        return new Spec("llama", "LlamaForCausalLM", 96, 32, 48, 2, 4, 2, 8, 40, 1e-6, 10000,
                new double[] {8, 1, 4, 64}, false, false, false, "silu", 1, false,
                Set.of("rms_norm_eps", "rope_theta", "tie_word_embeddings"));
    }

    public static Spec mistral() {
        return new Spec("mistral", "MistralForCausalLM", 80, 32, 64, 2, 4, 2, 8, 48, 1e-5, 1e6,
                null, false, false, false, "silu", 1, false, Set.of());
    }

    /** Qwen2.5 style: q/k/v biases, tied embeddings. */
    public static Spec qwen2() {
        return new Spec("qwen2", "Qwen2ForCausalLM", 120, 32, 40, 2, 4, 2, 8, 40, 1e-6, 1e6,
                null, true, true, false, "silu", 1, false, Set.of("rms_norm_eps"));
    }

    /** Qwen3: q_norm/k_norm per head and head_dim 12 where hidden / heads is 8. */
    public static Spec qwen3() {
        return new Spec("qwen3", "Qwen3ForCausalLM", 100, 32, 48, 2, 4, 2, 12, 40, 1e-6, 1e6,
                null, true, false, true, "silu", 1, false, Set.of());
    }

    /** GPT-2 as save_pretrained writes it: no tie_word_embeddings (true), activation, n_inner, epsilon. */
    public static Spec gpt2() {
        return new Spec("gpt2", "GPT2LMHeadModel", 90, 32, 128, 2, 4, 4, 8, 40, 1e-5, 0,
                null, true, true, false, "gelu_new", 0, false,
                Set.of("tie_word_embeddings", "activation_function", "n_inner", "layer_norm_epsilon"));
    }

    /** Pythia: rotary_pct 0.25 of head_dim 16, parallel residual, untied embed_out; defaults omitted. */
    public static Spec pythia() {
        return new Spec("pythia", "GPTNeoXForCausalLM", 110, 64, 256, 2, 4, 4, 16, 40, 1e-5, 10000,
                null, false, true, false, "gelu", 0.25, true,
                Set.of("rotary_pct", "rotary_emb_base", "use_parallel_residual", "tie_word_embeddings", "hidden_act"));
    }

    public static Spec pythiaSequential() {
        return new Spec("pythia-sequential", "GPTNeoXForCausalLM", 70, 32, 128, 2, 4, 4, 8, 40, 1e-5, 10000,
                null, false, true, false, "gelu", 0.5, false, Set.of());
    }

    public static List<Spec> all() {
        return List.of(llama(), mistral(), qwen2(), qwen3(), gpt2(), pythia(), pythiaSequential());
    }

    private TinyCheckpoints() {}

    static ObjectNode config(Spec s) {
        ObjectNode c = TestSafetensors.JSON.createObjectNode();
        c.putArray("architectures").add(s.architecture());
        c.put("vocab_size", s.vocab());
        c.put("bos_token_id", s.vocab() - 3);
        c.put("eos_token_id", s.vocab() - 2);
        c.put("torch_dtype", "float32");
        c.put("transformers_version", "4.51.3");
        c.put("tie_word_embeddings", s.tie());
        switch (s.architecture()) {
            case "GPT2LMHeadModel" -> {
                c.put("model_type", "gpt2");
                c.put("n_embd", s.hidden());
                c.put("n_layer", s.layers());
                c.put("n_head", s.heads());
                c.put("n_positions", s.maxPositions());
                c.put("n_ctx", s.maxPositions());
                c.putNull("n_inner");
                c.put("activation_function", s.activation());
                c.put("layer_norm_epsilon", s.eps());
            }
            case "GPTNeoXForCausalLM" -> {
                c.put("model_type", "gpt_neox");
                c.put("hidden_size", s.hidden());
                c.put("intermediate_size", s.intermediate());
                c.put("num_hidden_layers", s.layers());
                c.put("num_attention_heads", s.heads());
                c.put("max_position_embeddings", s.maxPositions());
                c.put("hidden_act", s.activation());
                c.put("rotary_pct", s.rotaryPct());
                c.put("rotary_emb_base", (int) s.ropeTheta());
                c.put("use_parallel_residual", s.parallelResidual());
                c.put("layer_norm_eps", s.eps());
            }
            default -> {
                c.put("model_type", s.architecture().replace("ForCausalLM", "").toLowerCase());
                c.put("hidden_size", s.hidden());
                c.put("intermediate_size", s.intermediate());
                c.put("num_hidden_layers", s.layers());
                c.put("num_attention_heads", s.heads());
                c.put("num_key_value_heads", s.kvHeads());
                c.put("head_dim", s.headDim());
                c.put("max_position_embeddings", s.maxPositions());
                c.put("hidden_act", "silu");
                c.put("rms_norm_eps", s.eps());
                c.put("rope_theta", s.ropeTheta());
                if (s.llama3() != null) {
                    ObjectNode r = c.putObject("rope_scaling");
                    r.put("rope_type", "llama3");
                    r.put("factor", s.llama3()[0]);
                    r.put("low_freq_factor", s.llama3()[1]);
                    r.put("high_freq_factor", s.llama3()[2]);
                    r.put("original_max_position_embeddings", (int) s.llama3()[3]);
                } else {
                    c.putNull("rope_scaling");
                }
                if (s.architecture().startsWith("Qwen")) {
                    c.put("use_sliding_window", false);
                    c.put("sliding_window", 4096);
                } else if (s.architecture().startsWith("Mistral")) {
                    c.putNull("sliding_window");
                }
            }
        }
        s.omitted().forEach(c::remove);
        return c;
    }

    /** Tensor names and shapes in the order transformers saves them. */
    public static Map<String, long[]> shapes(Spec s) {
        Map<String, long[]> t = new LinkedHashMap<>();
        long d = s.hidden();
        long v = s.vocab();
        long inner = s.intermediate();
        switch (s.architecture()) {
            case "GPT2LMHeadModel" -> {
                t.put("transformer.wte.weight", new long[] {v, d});
                t.put("transformer.wpe.weight", new long[] {s.maxPositions(), d});
                for (int i = 0; i < s.layers(); i++) {
                    String p = "transformer.h." + i + ".";
                    t.put(p + "ln_1.weight", new long[] {d});
                    t.put(p + "ln_1.bias", new long[] {d});
                    t.put(p + "attn.c_attn.weight", new long[] {d, 3 * d});
                    t.put(p + "attn.c_attn.bias", new long[] {3 * d});
                    t.put(p + "attn.c_proj.weight", new long[] {d, d});
                    t.put(p + "attn.c_proj.bias", new long[] {d});
                    t.put(p + "ln_2.weight", new long[] {d});
                    t.put(p + "ln_2.bias", new long[] {d});
                    t.put(p + "mlp.c_fc.weight", new long[] {d, inner});
                    t.put(p + "mlp.c_fc.bias", new long[] {inner});
                    t.put(p + "mlp.c_proj.weight", new long[] {inner, d});
                    t.put(p + "mlp.c_proj.bias", new long[] {d});
                }
                t.put("transformer.ln_f.weight", new long[] {d});
                t.put("transformer.ln_f.bias", new long[] {d});
            }
            case "GPTNeoXForCausalLM" -> {
                t.put("gpt_neox.embed_in.weight", new long[] {v, d});
                for (int i = 0; i < s.layers(); i++) {
                    String p = "gpt_neox.layers." + i + ".";
                    t.put(p + "input_layernorm.weight", new long[] {d});
                    t.put(p + "input_layernorm.bias", new long[] {d});
                    t.put(p + "post_attention_layernorm.weight", new long[] {d});
                    t.put(p + "post_attention_layernorm.bias", new long[] {d});
                    t.put(p + "attention.query_key_value.weight", new long[] {3 * d, d});
                    t.put(p + "attention.query_key_value.bias", new long[] {3 * d});
                    t.put(p + "attention.dense.weight", new long[] {d, d});
                    t.put(p + "attention.dense.bias", new long[] {d});
                    t.put(p + "mlp.dense_h_to_4h.weight", new long[] {inner, d});
                    t.put(p + "mlp.dense_h_to_4h.bias", new long[] {inner});
                    t.put(p + "mlp.dense_4h_to_h.weight", new long[] {d, inner});
                    t.put(p + "mlp.dense_4h_to_h.bias", new long[] {d});
                }
                t.put("gpt_neox.final_layer_norm.weight", new long[] {d});
                t.put("gpt_neox.final_layer_norm.bias", new long[] {d});
                t.put("embed_out.weight", new long[] {v, d});
            }
            default -> {
                long q = (long) s.heads() * s.headDim();
                long kv = (long) s.kvHeads() * s.headDim();
                t.put("model.embed_tokens.weight", new long[] {v, d});
                for (int i = 0; i < s.layers(); i++) {
                    String p = "model.layers." + i + ".";
                    t.put(p + "input_layernorm.weight", new long[] {d});
                    t.put(p + "self_attn.q_proj.weight", new long[] {q, d});
                    t.put(p + "self_attn.k_proj.weight", new long[] {kv, d});
                    t.put(p + "self_attn.v_proj.weight", new long[] {kv, d});
                    if (s.qkvBias()) {
                        t.put(p + "self_attn.q_proj.bias", new long[] {q});
                        t.put(p + "self_attn.k_proj.bias", new long[] {kv});
                        t.put(p + "self_attn.v_proj.bias", new long[] {kv});
                    }
                    if (s.qkNorm()) {
                        t.put(p + "self_attn.q_norm.weight", new long[] {s.headDim()});
                        t.put(p + "self_attn.k_norm.weight", new long[] {s.headDim()});
                    }
                    t.put(p + "self_attn.o_proj.weight", new long[] {d, q});
                    t.put(p + "post_attention_layernorm.weight", new long[] {d});
                    t.put(p + "mlp.gate_proj.weight", new long[] {inner, d});
                    t.put(p + "mlp.up_proj.weight", new long[] {inner, d});
                    t.put(p + "mlp.down_proj.weight", new long[] {d, inner});
                }
                t.put("model.norm.weight", new long[] {d});
                if (!s.tie()) {
                    t.put("lm_head.weight", new long[] {v, d});
                }
            }
        }
        return t;
    }

    /** Writes the checkpoint into {@code dir} (created) and returns it. */
    public static Path write(Path dir, Spec s, String dtype, boolean sharded) throws IOException {
        return write(dir, config(s), shapes(s), s, dtype, sharded);
    }

    /** The transformers sequence-classification class built on {@code s}'s causal architecture. */
    public static String rewardArchitecture(Spec s) {
        return s.architecture().equals("GPT2LMHeadModel") ? "GPT2ForSequenceClassification"
                : s.architecture().replace("ForCausalLM", "ForSequenceClassification");
    }

    /**
     * Writes a reward model as save_pretrained writes a {@code *ForSequenceClassification} with num_labels 1: the
     * config with that class, {@code id2label} of one label and {@code padTokenId} (null: none), the causal model's
     * tensors without its LM head and {@code score.weight} [1, hidden].
     */
    public static Path writeRewardModel(Path dir, Spec s, String dtype, Integer padTokenId) throws IOException {
        return writeRewardModel(dir, s, dtype, padTokenId, false);
    }

    /** {@link #writeRewardModel(Path, Spec, String, Integer)} in one file or two shards. */
    public static Path writeRewardModel(Path dir, Spec s, String dtype, Integer padTokenId, boolean sharded)
            throws IOException {
        ObjectNode config = config(s);
        config.putArray("architectures").add(rewardArchitecture(s));
        config.putObject("id2label").put("0", "LABEL_0");
        config.putObject("label2id").put("LABEL_0", 0);
        if (padTokenId != null) {
            config.put("pad_token_id", padTokenId);
        }
        Map<String, long[]> shapes = shapes(s);
        shapes.remove("lm_head.weight");
        shapes.remove("embed_out.weight");
        shapes.put("score.weight", new long[] {1, s.hidden()});
        return write(dir, config, shapes, s, dtype, sharded);
    }

    private static Path write(Path dir, ObjectNode config, Map<String, long[]> shapes, Spec s, String dtype,
                              boolean sharded) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"),
                TestSafetensors.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        Random random = new Random(s.name().hashCode() * 31L + 7);
        Map<String, TestSafetensors.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long count = 1;
            for (long n : e.getValue()) {
                count *= n;
            }
            double[] values = new double[Math.toIntExact(count)];
            String name = e.getKey();
            boolean gain = name.endsWith("norm.weight") || name.contains(".ln_") && name.endsWith(".weight");
            boolean bias = name.endsWith(".bias");
            for (int i = 0; i < values.length; i++) {
                // gains near 1 (even numerators: above 1 BF16 steps by 1/128), biases small, weights wider
                int k = gain ? 256 + 2 * (random.nextInt(61) - 30)
                        : bias ? random.nextInt(61) - 30 : random.nextInt(161) - 80;
                values[i] = k / 256.0;
            }
            tensors.put(name, new TestSafetensors.Tensor(dtype, e.getValue(), values));
        }
        if (!sharded) {
            TestSafetensors.write(dir.resolve("model.safetensors"), tensors);
            return dir;
        }
        List<String> names = new ArrayList<>(tensors.keySet());
        Map<String, TestSafetensors.Tensor> first = new LinkedHashMap<>();
        Map<String, TestSafetensors.Tensor> second = new LinkedHashMap<>();
        ObjectNode index = TestSafetensors.JSON.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        for (int i = 0; i < names.size(); i++) {
            boolean early = i < names.size() / 2;
            (early ? first : second).put(names.get(i), tensors.get(names.get(i)));
            map.put(names.get(i), early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        TestSafetensors.write(dir.resolve("model-00001-of-00002.safetensors"), first);
        TestSafetensors.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toPrettyString());
        return dir;
    }

    /**
     * Writes a WordLevel tokenizer.json whose words {@code w1 .. w(vocab-4)} are ids 1 .. vocab-4 (id 0 is
     * {@code <unk>}), BOS {@code <s>}, EOS {@code </s>} and PAD {@code <pad>} the config's top three ids, a
     * post-processor that adds BOS as Llama's does, and tokenizer_config.json with {@code chatTemplate} (null: none).
     */
    public static Path writeTokenizer(Path dir, Spec s, String chatTemplate) throws IOException {
        int v = s.vocab();
        ObjectNode json = TestSafetensors.JSON.createObjectNode();
        json.put("version", "1.0");
        json.putNull("truncation");
        json.putNull("padding");
        var added = json.putArray("added_tokens");
        String[] special = {"<unk>", "<s>", "</s>", "<pad>"};
        int[] ids = {0, v - 3, v - 2, v - 1};
        for (int i = 0; i < special.length; i++) {
            added.addObject().put("id", ids[i]).put("content", special[i]).put("special", true)
                    .put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false);
        }
        json.putNull("normalizer");
        json.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = json.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        post.putArray("single").add(TestSafetensors.JSON.readTree("{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}"))
                .add(TestSafetensors.JSON.readTree("{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}"));
        post.putArray("pair").add(TestSafetensors.JSON.readTree("{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}"))
                .add(TestSafetensors.JSON.readTree("{\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}"));
        post.putObject("special_tokens").putObject("<s>").put("id", "<s>")
                .<ObjectNode>set("ids", TestSafetensors.JSON.createArrayNode().add(v - 3))
                .set("tokens", TestSafetensors.JSON.createArrayNode().add("<s>"));
        json.putNull("decoder");
        ObjectNode model = json.putObject("model");
        model.put("type", "WordLevel");
        model.put("unk_token", "<unk>");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < special.length; i++) {
            vocab.put(special[i], ids[i]);
        }
        for (int i = 1; i <= v - 4; i++) {
            vocab.put("w" + i, i);
        }
        Files.writeString(dir.resolve("tokenizer.json"), json.toPrettyString());
        ObjectNode config = TestSafetensors.JSON.createObjectNode();
        config.put("bos_token", "<s>").put("eos_token", "</s>").put("pad_token", "<pad>");
        if (chatTemplate != null) {
            config.put("chat_template", chatTemplate);
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), config.toPrettyString());
        return dir;
    }

    /** A minimal chat template: BOS, then {@code role content } per message, {@code assistant } as the generation prompt. */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}{% for m in messages %}{{ m['role'] + ' ' + m['content'] + ' ' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ 'assistant ' }}{% endif %}";
}
