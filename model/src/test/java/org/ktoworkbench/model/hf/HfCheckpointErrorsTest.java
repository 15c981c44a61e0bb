package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each broken checkpoint is one IOException naming the file and the field or tensor, never a model. */
class HfCheckpointErrorsTest {
    @TempDir
    Path tmp;

    private Path llama() throws IOException {
        return TinyCheckpoints.write(tmp.resolve("llama"), TinyCheckpoints.llama(), "F32", false);
    }

    private static String failure(Path dir) {
        IOException e = assertThrows(IOException.class, () -> {
            try (CausalLm ignored = HfModels.load(dir)) {
                // loading must fail
            }
        });
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + message + "' should mention '" + part + "'");
        }
    }

    private static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config = (ObjectNode) TestSafetensors.JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
    }

    @Test
    void missingConfig() throws IOException {
        Path dir = llama();
        Files.delete(dir.resolve("config.json"));
        assertMentions(failure(dir), dir.resolve("config.json").toString(), "not found");
    }

    @Test
    void missingWeights() throws IOException {
        Path dir = llama();
        Files.delete(dir.resolve("model.safetensors"));
        assertMentions(failure(dir), dir.toString(), "model.safetensors", "not found");
    }

    @Test
    void missingShard() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("sharded"), TinyCheckpoints.qwen2(), "BF16", true);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertMentions(failure(dir), "model-00002-of-00002.safetensors", "not found");
    }

    @Test
    void truncatedWeights() throws IOException {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 100);
        }
        assertMentions(failure(dir), file.toString(), "lm_head.weight", "past the end");
    }

    @Test
    void fileShorterThanItsHeader() throws IOException {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(40);
        }
        assertMentions(failure(dir), file.toString(), "truncated");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path dir = llama();
        writeRaw(dir.resolve("model.safetensors"), "{\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],"
                + "\"data_offsets\":[0,16]},\"model.norm.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        assertMentions(failure(dir), "model.safetensors", "model.norm.weight", "overlaps", "model.embed_tokens.weight");
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        Path dir = llama();
        writeRaw(dir.resolve("model.safetensors"), "{\"model.norm.weight\":{\"dtype\":\"BF16\",\"shape\":[4],"
                + "\"data_offsets\":[0,16]}}", 16);
        assertMentions(failure(dir), "model.safetensors", "model.norm.weight", "16 bytes", "needs 8");
    }

    @Test
    void missingTensor() throws IOException {
        Path dir = llama();
        writeRaw(dir.resolve("model.safetensors"), "{\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[96,32],"
                + "\"data_offsets\":[0,12288]}}", 12288);
        assertMentions(failure(dir), "model.layers.0.input_layernorm.weight", "missing");
    }

    @Test
    void vocabularyThatDoesNotMatchTheEmbedding() throws IOException {
        Path dir = llama();
        editConfig(dir, c -> c.put("vocab_size", 100));
        assertMentions(failure(dir), "model.safetensors", "model.embed_tokens.weight", "[96, 32]", "[100, 32]");
    }

    @Test
    void unknownArchitecture() throws IOException {
        Path dir = llama();
        editConfig(dir, c -> c.putArray("architectures").add("BertForMaskedLM"));
        assertMentions(failure(dir), "config.json", "'architectures'", "BertForMaskedLM");
    }

    @Test
    void unsupportedRopeScaling() throws IOException {
        Path dir = llama();
        editConfig(dir, c -> c.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0));
        assertMentions(failure(dir), "config.json", "'rope_scaling'", "yarn");
    }

    @Test
    void unsupportedActivation() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("gpt2"), TinyCheckpoints.gpt2(), "F32", false);
        editConfig(dir, c -> c.put("activation_function", "relu"));
        assertMentions(failure(dir), "config.json", "'activation_function'", "relu");
    }

    @Test
    void slidingWindowInUse() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen2"), TinyCheckpoints.qwen2(), "F32", false);
        editConfig(dir, c -> c.put("use_sliding_window", true));
        assertMentions(failure(dir), "config.json", "'use_sliding_window'");
    }

    @Test
    void mixtureOfExperts() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("mistral"), TinyCheckpoints.mistral(), "F32", false);
        editConfig(dir, c -> c.put("num_local_experts", 8));
        assertMentions(failure(dir), "config.json", "'num_local_experts'", "mixture-of-experts");
    }

    @Test
    void tensorsTheArchitectureDoesNotUse() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen2"), TinyCheckpoints.qwen2(), "F32", false);
        editConfig(dir, c -> {
            c.putArray("architectures").add("LlamaForCausalLM");
            c.put("model_type", "llama");
        });
        // Llama without attention_bias has no q/k/v biases: silently dropping them would change the model
        assertMentions(failure(dir), dir.toString(), "unexpected tensors", "model.layers.0.self_attn.q_proj.bias");
    }

    @Test
    void checkpointOfAnotherArchitecture() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen3"), TinyCheckpoints.qwen3(), "F32", false);
        editConfig(dir, c -> {
            c.putArray("architectures").add("Qwen2ForCausalLM");
            c.put("model_type", "qwen2");
        });
        // Qwen2 expects q/k/v biases the file lacks
        assertMentions(failure(dir), "model.layers.0.self_attn.q_proj.bias", "missing");
    }

    /** A safetensors file with exactly this header and {@code dataBytes} zero bytes after it. */
    private static void writeRaw(Path file, String header, int dataBytes) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(text.length).put(text);
        Files.write(file, out.array());
    }
}
