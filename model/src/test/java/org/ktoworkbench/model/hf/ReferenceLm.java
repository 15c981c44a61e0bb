package org.ktoworkbench.model.hf;

import java.util.Map;

/**
 * An independent float64 implementation of the six architectures in plain loops, written from the
 * transformers modeling files for the tests: it shares no code with the DJL decoders, takes the true
 * hyperparameters from the fixture's spec (not config.json) and the weights from the test's own reader.
 */
public final class ReferenceLm {
    private final TinyCheckpoints.Spec s;
    private final Map<String, TestSafetensors.Tensor> w;

    public ReferenceLm(TinyCheckpoints.Spec spec, Map<String, TestSafetensors.Tensor> weights) {
        this.s = spec;
        this.w = weights;
    }

    /** [T][hidden]: the base model's last hidden states (after the final norm) at each position of {@code tokens}. */
    public double[][] lastHiddenStates(int[] tokens) {
        return switch (s.architecture()) {
            case "GPT2LMHeadModel" -> gpt2(tokens);
            case "GPTNeoXForCausalLM" -> neoX(tokens);
            default -> llama(tokens);
        };
    }

    /**
     * The reward of a sequence-classification checkpoint with one label, as transformers' forward computes it for a
     * batch of this one sequence: {@code score.weight} times the hidden state at
     * {@code argmax(arange(T) * (input_ids != pad_token_id))}, or at the last position without a pad token id.
     */
    public double reward(int[] tokens, Integer padTokenId) {
        double[][] hidden = lastHiddenStates(tokens);
        int at = tokens.length - 1;
        if (padTokenId != null) {
            at = 0;
            int best = Integer.MIN_VALUE;
            for (int i = 0; i < tokens.length; i++) {
                int value = i * (tokens[i] != padTokenId ? 1 : 0);
                if (value > best) { // torch.argmax: the first maximal index
                    best = value;
                    at = i;
                }
            }
        }
        return linearOut(hidden[at], t("score.weight"), null)[0];
    }

    /** [T][V]: log-softmax of the next-token logits at each position of {@code tokens}. */
    public double[][] logSoftmax(int[] tokens) {
        double[] head = t(switch (s.architecture()) {
            case "GPT2LMHeadModel" -> "transformer.wte.weight";
            case "GPTNeoXForCausalLM" -> "embed_out.weight";
            default -> s.tie() ? "model.embed_tokens.weight" : "lm_head.weight";
        });
        double[][] hidden = lastHiddenStates(tokens);
        double[][] logits = new double[hidden.length][];
        for (int i = 0; i < hidden.length; i++) {
            logits[i] = linearOut(hidden[i], head, null);
        }
        for (double[] row : logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            double log = max + Math.log(sum);
            for (int i = 0; i < row.length; i++) {
                row[i] -= log;
            }
        }
        return logits;
    }

    private double[] t(String name) {
        TestSafetensors.Tensor tensor = w.get(name);
        if (tensor == null) {
            throw new IllegalStateException("reference: no tensor " + name);
        }
        return tensor.values();
    }

    // ---- Llama family ----

    private double[][] llama(int[] tokens) {
        int n = tokens.length;
        int d = s.hidden();
        int hd = s.headDim();
        double[][] x = embed(tokens, t("model.embed_tokens.weight"), d);
        double[] inv = inverseFrequencies(hd, s.ropeTheta(), s.llama3());
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] h = new double[n][];
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int i = 0; i < n; i++) {
                h[i] = rms(x[i], t(p + "input_layernorm.weight"), 0, d);
                q[i] = linearOut(h[i], t(p + "self_attn.q_proj.weight"), s.qkvBias() ? t(p + "self_attn.q_proj.bias") : null);
                k[i] = linearOut(h[i], t(p + "self_attn.k_proj.weight"), s.qkvBias() ? t(p + "self_attn.k_proj.bias") : null);
                v[i] = linearOut(h[i], t(p + "self_attn.v_proj.weight"), s.qkvBias() ? t(p + "self_attn.v_proj.bias") : null);
                for (int head = 0; head < s.heads(); head++) {
                    if (s.qkNorm()) {
                        System.arraycopy(rms(q[i], t(p + "self_attn.q_norm.weight"), head * hd, hd), 0, q[i], head * hd, hd);
                    }
                    rotate(q[i], head * hd, hd, hd, i, inv);
                }
                for (int head = 0; head < s.kvHeads(); head++) {
                    if (s.qkNorm()) {
                        System.arraycopy(rms(k[i], t(p + "self_attn.k_norm.weight"), head * hd, hd), 0, k[i], head * hd, hd);
                    }
                    rotate(k[i], head * hd, hd, hd, i, inv);
                }
            }
            int group = s.heads() / s.kvHeads();
            double[][] mixed = attend(q, k, v, s.heads(), hd, head -> head / group);
            for (int i = 0; i < n; i++) {
                double[] o = linearOut(mixed[i], t(p + "self_attn.o_proj.weight"), null);
                add(x[i], o);
                double[] h2 = rms(x[i], t(p + "post_attention_layernorm.weight"), 0, d);
                double[] gate = linearOut(h2, t(p + "mlp.gate_proj.weight"), null);
                double[] up = linearOut(h2, t(p + "mlp.up_proj.weight"), null);
                for (int j = 0; j < gate.length; j++) {
                    gate[j] = gate[j] / (1 + Math.exp(-gate[j])) * up[j];
                }
                add(x[i], linearOut(gate, t(p + "mlp.down_proj.weight"), null));
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = rms(x[i], t("model.norm.weight"), 0, d);
        }
        return out;
    }

    /** 1 / theta^(2i/dims), with Llama 3's three wavelength bands when configured. */
    private static double[] inverseFrequencies(int dims, double theta, double[] llama3) {
        double[] inv = new double[dims / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = Math.pow(theta, -2.0 * i / dims);
            if (llama3 != null) {
                double factor = llama3[0];
                double low = llama3[1];
                double high = llama3[2];
                double original = llama3[3];
                double wavelength = 2 * Math.PI / inv[i];
                if (wavelength < original / high) {
                    continue; // high frequency: unchanged
                }
                if (wavelength > original / low) {
                    inv[i] /= factor;
                } else {
                    double smooth = (original / wavelength - low) / (high - low);
                    inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                }
            }
        }
        return inv;
    }

    /** rotate_half RoPE on x[offset .. offset + rotary) of a head of width headDim at position pos. */
    private static void rotate(double[] x, int offset, int headDim, int rotary, int pos, double[] inv) {
        int half = rotary / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos * inv[i];
            double a = x[offset + i];
            double b = x[offset + i + half];
            x[offset + i] = a * Math.cos(angle) - b * Math.sin(angle);
            x[offset + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
        }
    }

    private double[] rms(double[] x, double[] gain, int offset, int width) {
        double mean = 0;
        for (int i = 0; i < width; i++) {
            mean += x[offset + i] * x[offset + i];
        }
        mean /= width;
        double scale = 1 / Math.sqrt(mean + s.eps());
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            out[i] = gain[i] * x[offset + i] * scale;
        }
        return out;
    }

    // ---- GPT-2 ----

    private double[][] gpt2(int[] tokens) {
        int n = tokens.length;
        int d = s.hidden();
        int hd = d / s.heads();
        double[][] x = embed(tokens, t("transformer.wte.weight"), d);
        double[] wpe = t("transformer.wpe.weight");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] += wpe[i * d + j];
            }
        }
        for (int l = 0; l < s.layers(); l++) {
            String p = "transformer.h." + l + ".";
            double[][] q = new double[n][d];
            double[][] k = new double[n][d];
            double[][] v = new double[n][d];
            for (int i = 0; i < n; i++) {
                double[] h = layerNorm(x[i], t(p + "ln_1.weight"), t(p + "ln_1.bias"));
                double[] qkv = conv1d(h, t(p + "attn.c_attn.weight"), t(p + "attn.c_attn.bias"), 3 * d);
                System.arraycopy(qkv, 0, q[i], 0, d);
                System.arraycopy(qkv, d, k[i], 0, d);
                System.arraycopy(qkv, 2 * d, v[i], 0, d);
            }
            double[][] mixed = attend(q, k, v, s.heads(), hd, head -> head);
            for (int i = 0; i < n; i++) {
                add(x[i], conv1d(mixed[i], t(p + "attn.c_proj.weight"), t(p + "attn.c_proj.bias"), d));
                double[] h = layerNorm(x[i], t(p + "ln_2.weight"), t(p + "ln_2.bias"));
                double[] hidden = conv1d(h, t(p + "mlp.c_fc.weight"), t(p + "mlp.c_fc.bias"), s.intermediate());
                for (int j = 0; j < hidden.length; j++) {
                    hidden[j] = gelu(hidden[j], s.activation());
                }
                add(x[i], conv1d(hidden, t(p + "mlp.c_proj.weight"), t(p + "mlp.c_proj.bias"), d));
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = layerNorm(x[i], t("transformer.ln_f.weight"), t("transformer.ln_f.bias"));
        }
        return out;
    }

    /** Conv1D: weight stored [in, out]. */
    private static double[] conv1d(double[] x, double[] weight, double[] bias, int out) {
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            double sum = bias[j];
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * weight[i * out + j];
            }
            y[j] = sum;
        }
        return y;
    }

    // ---- GPT-NeoX ----

    private double[][] neoX(int[] tokens) {
        int n = tokens.length;
        int d = s.hidden();
        int hd = d / s.heads();
        int rotary = s.rotaryDims();
        double[] inv = inverseFrequencies(rotary, s.ropeTheta(), null);
        double[][] x = embed(tokens, t("gpt_neox.embed_in.weight"), d);
        for (int l = 0; l < s.layers(); l++) {
            String p = "gpt_neox.layers." + l + ".";
            double[][] q = new double[n][d];
            double[][] k = new double[n][d];
            double[][] v = new double[n][d];
            for (int i = 0; i < n; i++) {
                double[] h = layerNorm(x[i], t(p + "input_layernorm.weight"), t(p + "input_layernorm.bias"));
                double[] qkv = linearOut(h, t(p + "attention.query_key_value.weight"), t(p + "attention.query_key_value.bias"));
                for (int head = 0; head < s.heads(); head++) { // per head: q_h, k_h, v_h
                    System.arraycopy(qkv, head * 3 * hd, q[i], head * hd, hd);
                    System.arraycopy(qkv, head * 3 * hd + hd, k[i], head * hd, hd);
                    System.arraycopy(qkv, head * 3 * hd + 2 * hd, v[i], head * hd, hd);
                    rotate(q[i], head * hd, hd, rotary, i, inv);
                    rotate(k[i], head * hd, hd, rotary, i, inv);
                }
            }
            double[][] mixed = attend(q, k, v, s.heads(), hd, head -> head);
            for (int i = 0; i < n; i++) {
                double[] attention = linearOut(mixed[i], t(p + "attention.dense.weight"), t(p + "attention.dense.bias"));
                double[] mlpInput = x[i].clone();
                if (!s.parallelResidual()) {
                    add(mlpInput, attention);
                }
                double[] h = layerNorm(mlpInput, t(p + "post_attention_layernorm.weight"), t(p + "post_attention_layernorm.bias"));
                double[] hidden = linearOut(h, t(p + "mlp.dense_h_to_4h.weight"), t(p + "mlp.dense_h_to_4h.bias"));
                for (int j = 0; j < hidden.length; j++) {
                    hidden[j] = gelu(hidden[j], s.activation());
                }
                double[] mlp = linearOut(hidden, t(p + "mlp.dense_4h_to_h.weight"), t(p + "mlp.dense_4h_to_h.bias"));
                add(x[i], attention);
                add(x[i], mlp);
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = layerNorm(x[i], t("gpt_neox.final_layer_norm.weight"), t("gpt_neox.final_layer_norm.bias"));
        }
        return out;
    }

    // ---- shared pieces ----

    private static double[][] embed(int[] tokens, double[] table, int d) {
        double[][] x = new double[tokens.length][d];
        for (int i = 0; i < tokens.length; i++) {
            System.arraycopy(table, tokens[i] * d, x[i], 0, d);
        }
        return x;
    }

    /** nn.Linear: weight stored [out, in]. */
    private static double[] linearOut(double[] x, double[] weight, double[] bias) {
        int out = weight.length / x.length;
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            double sum = bias == null ? 0 : bias[j];
            for (int i = 0; i < x.length; i++) {
                sum += weight[j * x.length + i] * x[i];
            }
            y[j] = sum;
        }
        return y;
    }

    private interface KvHead {
        int of(int queryHead);
    }

    /** Causal softmax attention per head; query head h reads KV head kvHead.of(h). */
    private static double[][] attend(double[][] q, double[][] k, double[][] v, int heads, int hd, KvHead kvHead) {
        int n = q.length;
        double[][] out = new double[n][heads * hd];
        for (int h = 0; h < heads; h++) {
            int kh = kvHead.of(h);
            for (int i = 0; i < n; i++) {
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int c = 0; c < hd; c++) {
                        dot += q[i][h * hd + c] * k[j][kh * hd + c];
                    }
                    scores[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int c = 0; c < hd; c++) {
                        out[i][h * hd + c] += scores[j] / sum * v[j][kh * hd + c];
                    }
                }
            }
        }
        return out;
    }

    private double[] layerNorm(double[] x, double[] gain, double[] bias) {
        double mean = 0;
        for (double value : x) {
            mean += value;
        }
        mean /= x.length;
        double variance = 0;
        for (double value : x) {
            variance += (value - mean) * (value - mean);
        }
        variance /= x.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) / Math.sqrt(variance + s.eps()) * gain[i] + bias[i];
        }
        return out;
    }

    private static double gelu(double x, String activation) {
        if (activation.equals("gelu")) {
            return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
        }
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** erf by its Maclaurin series (|x| < 3) or the asymptotic continued fraction: far below 1e-10 here. */
    private static double erf(double x) {
        double a = Math.abs(x);
        double result;
        if (a < 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 100; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double fraction = 0;
            for (int n = 60; n >= 1; n--) {
                fraction = n / 2.0 / (a + fraction);
            }
            result = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + fraction);
        }
        return x < 0 ? -result : result;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
