package org.ktoworkbench.model.nn.lora;

import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.hf.GptNeoXConfig;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.LlamaConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The module names LoRA can target per architecture, as PEFT names them, with PEFT's default targets
 * ({@code TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING}) and the shapes of the targeted projections, so that an
 * adapter can be checked and sized from config.json alone.
 */
public final class LoraTargets {
    private LoraTargets() {}

    /** One targeted projection of a block: its module name and [in, out] features. */
    public record Site(String target, long in, long out) {}

    /** The linear layers of one block, in forward order (GPT-2's {@code c_proj} is both attn.c_proj and mlp.c_proj). */
    public static List<Site> sites(HfConfig config) {
        if (config instanceof LlamaConfig c) {
            long d = c.hiddenSize();
            long q = (long) c.heads() * c.headDim();
            long kv = (long) c.kvHeads() * c.headDim();
            long inner = c.intermediateSize();
            return List.of(new Site("q_proj", d, q), new Site("k_proj", d, kv), new Site("v_proj", d, kv),
                    new Site("o_proj", q, d), new Site("gate_proj", d, inner), new Site("up_proj", d, inner),
                    new Site("down_proj", inner, d));
        }
        if (config instanceof Gpt2Config c) {
            long d = c.hiddenSize();
            long inner = c.innerSize();
            return List.of(new Site("c_attn", d, 3 * d), new Site("c_proj", d, d), new Site("c_fc", d, inner),
                    new Site("c_proj", inner, d));
        }
        GptNeoXConfig c = (GptNeoXConfig) config;
        long d = c.hiddenSize();
        long inner = c.intermediateSize();
        return List.of(new Site("query_key_value", d, 3 * d), new Site("dense", d, d),
                new Site("dense_h_to_4h", d, inner), new Site("dense_4h_to_h", inner, d));
    }

    /** The names {@code --lora-targets} accepts for the architecture. */
    public static List<String> valid(HfConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (Site s : sites(config)) names.add(s.target());
        return List.copyOf(names);
    }

    /** PEFT's default targets: q_proj and v_proj for the Llama family, c_attn for GPT-2, query_key_value for GPT-NeoX. */
    public static List<String> defaults(HfConfig config) {
        if (config instanceof LlamaConfig) return List.of("q_proj", "v_proj");
        if (config instanceof Gpt2Config) return List.of("c_attn");
        return List.of("query_key_value");
    }

    /**
     * {@code spec} with its targets made explicit (the defaults when it names none, duplicates dropped).
     *
     * @throws IllegalArgumentException naming the unknown targets and the valid ones
     */
    public static LoraSpec resolve(LoraSpec spec, HfConfig config) {
        List<String> valid = valid(config);
        List<String> wanted = spec.targets().isEmpty() ? defaults(config) : spec.targets();
        List<String> unknown = new ArrayList<>();
        for (String t : wanted) if (!valid.contains(t)) unknown.add(t);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("LoRA target" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is" : " are") + " not a module of " + config.architecture()
                    + "; valid targets: " + String.join(", ", valid));
        }
        return spec.withTargets(List.copyOf(new LinkedHashSet<>(wanted)));
    }

    /** Trainable scalars of the adapter: r·(in + out) per targeted projection, over all layers. */
    public static long parameterCount(LoraSpec resolved, HfConfig config) {
        long perLayer = 0;
        for (Site s : sites(config)) {
            if (resolved.targets().contains(s.target())) perLayer += (long) resolved.rank() * (s.in() + s.out());
        }
        int layers = config instanceof LlamaConfig c ? c.layers()
                : config instanceof Gpt2Config c ? c.layers() : ((GptNeoXConfig) config).layers();
        return perLayer * layers;
    }
}
