package org.ktoworkbench.model.loading;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.SafetensorsDtype;
import org.ktoworkbench.model.hf.SafetensorsWriter;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in GPT as a transformers {@code GPT2LMHeadModel} checkpoint: the same blocks (pre-LayerNorm, eps 1e-5,
 * fused {@code c_attn} as [q | k | v], exact-erf GELU, which is transformers' {@code "gelu"}: DJL's
 * {@code Activation.gelu} is PyTorch's default, not the tanh {@code "gelu_new"} GPT-2 itself uses), tensors renamed
 * under {@code transformer.} and the four projection weights transposed to Conv1D's [in, out]. The output head stays
 * tied to {@code wte}. Ids are the byte tokenizer's: 256 bytes, then BOS, EOS, PAD.
 */
public final class Gpt2Export {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Gpt2Export() {}

    /** Writes config.json, generation_config.json and model.safetensors (float32, as the built-in trains) into {@code dir}. */
    public static void write(Gpt model, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (model.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("only float32 models are exported, this one is " + model.dataType());
        }
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (NamedParameter p : model.parameters()) {
            tensors.add(tensor(p));
        }
        SafetensorsWriter.write(dir.resolve(CheckpointWeights.SINGLE_FILE), tensors);
        Files.writeString(dir.resolve(HfConfigReader.CONFIG_FILE), JSON.writeValueAsString(config(model.config())));
        ObjectNode generation = JSON.createObjectNode();
        generation.put("bos_token_id", ByteTokenizer.BOS).put("eos_token_id", ByteTokenizer.EOS)
                .put("pad_token_id", ByteTokenizer.PAD);
        Files.writeString(dir.resolve("generation_config.json"), JSON.writeValueAsString(generation));
    }

    private static SafetensorsWriter.Tensor tensor(NamedParameter p) {
        NDArray value = p.value();
        long[] shape = value.getShape().getShape();
        String name = "transformer." + p.name();
        boolean conv1d = name.endsWith("c_attn.weight") || name.endsWith("c_proj.weight") || name.endsWith("c_fc.weight");
        if (!conv1d) {
            return new SafetensorsWriter.Tensor(name, SafetensorsDtype.F32, shape, value::toFloatArray);
        }
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        return new SafetensorsWriter.Tensor(name, SafetensorsDtype.F32, new long[] {cols, rows}, () -> {
            float[] out = value.toFloatArray(); // [out, in] row-major, as nn.Linear keeps it
            float[] transposed = new float[out.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    transposed[c * rows + r] = out[r * cols + c];
                }
            }
            return transposed;
        });
    }

    private static ObjectNode config(GptConfig c) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("architectures").add(Gpt2Config.ARCHITECTURE);
        node.put("model_type", "gpt2");
        node.put("vocab_size", c.vocabSize());
        node.put("n_positions", c.contextLength());
        node.put("n_ctx", c.contextLength());
        node.put("n_embd", c.dModel());
        node.put("n_layer", c.layers());
        node.put("n_head", c.heads());
        node.put("n_inner", 4 * c.dModel());
        node.put("activation_function", "gelu");
        node.put("layer_norm_epsilon", 1e-5);
        node.put("scale_attn_weights", true);
        node.put("tie_word_embeddings", true);
        node.put("resid_pdrop", 0.0);
        node.put("embd_pdrop", 0.0);
        node.put("attn_pdrop", 0.0);
        node.put("bos_token_id", ByteTokenizer.BOS);
        node.put("eos_token_id", ByteTokenizer.EOS);
        node.put("pad_token_id", ByteTokenizer.PAD);
        node.put("torch_dtype", "float32");
        return node;
    }
}
