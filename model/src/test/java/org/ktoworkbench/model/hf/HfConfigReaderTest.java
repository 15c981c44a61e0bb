package org.ktoworkbench.model.hf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config.json fields left out get the transformers class's default, per architecture. */
class HfConfigReaderTest {
    @TempDir
    Path tmp;

    private HfConfig read(String json) throws IOException {
        Files.writeString(tmp.resolve("config.json"), json);
        return HfConfigReader.read(tmp);
    }

    @Test
    void llamaDefaults() throws IOException {
        LlamaConfig c = (LlamaConfig) read("{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":64,"
                + "\"num_attention_heads\":4}");
        assertEquals(32000, c.vocabSize());
        assertEquals(4, c.kvHeads());
        assertEquals(16, c.headDim());
        assertEquals(2048, c.contextLength());
        assertEquals(1e-6, c.rmsNormEps());
        assertEquals(10000.0, c.ropeTheta());
        assertNull(c.ropeScaling());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.attentionBias());
    }

    @Test
    void llama3RopeScaling() throws IOException {
        LlamaConfig c = (LlamaConfig) read("{\"architectures\":[\"LlamaForCausalLM\"],\"rope_scaling\":{\"rope_type\":"
                + "\"llama3\",\"factor\":32.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,"
                + "\"original_max_position_embeddings\":8192}}");
        assertEquals(new LlamaConfig.Llama3RopeScaling(32, 1, 4, 8192), c.ropeScaling());
    }

    @Test
    void qwenDefaultsAndBiases() throws IOException {
        LlamaConfig qwen2 = (LlamaConfig) read("{\"architectures\":[\"Qwen2ForCausalLM\"]}");
        assertTrue(qwen2.attentionBias());
        assertFalse(qwen2.outputBias());
        assertFalse(qwen2.tieWordEmbeddings());
        assertEquals(151936, qwen2.vocabSize());
        LlamaConfig qwen3 = (LlamaConfig) read("{\"architectures\":[\"Qwen3ForCausalLM\"],\"hidden_size\":1024,"
                + "\"num_attention_heads\":16}");
        assertEquals(128, qwen3.headDim()); // Qwen3's default, not 1024 / 16
        assertTrue(qwen3.qkNorm());
        assertFalse(qwen3.attentionBias());
    }

    @Test
    void mistralSlidingWindowCapsTheContextInsteadOfBeingApproximated() throws IOException {
        LlamaConfig c = (LlamaConfig) read("{\"architectures\":[\"MistralForCausalLM\"],"
                + "\"max_position_embeddings\":32768,\"sliding_window\":4096}");
        assertEquals(4096, c.contextLength());
        assertEquals(8, c.kvHeads());
        LlamaConfig noWindow = (LlamaConfig) read("{\"architectures\":[\"MistralForCausalLM\"],"
                + "\"max_position_embeddings\":32768,\"sliding_window\":null}");
        assertEquals(32768, noWindow.contextLength());
    }

    @Test
    void gpt2Defaults() throws IOException {
        Gpt2Config c = (Gpt2Config) read("{\"architectures\":[\"GPT2LMHeadModel\"],\"n_embd\":96,\"n_inner\":null}");
        assertTrue(c.tieWordEmbeddings());
        assertEquals(Activation.GELU_TANH, c.activation());
        assertEquals(384, c.innerSize());
        assertEquals(1024, c.contextLength());
        assertEquals(50257, c.vocabSize());
    }

    @Test
    void gptNeoXDefaults() throws IOException {
        GptNeoXConfig c = (GptNeoXConfig) read("{\"architectures\":[\"GPTNeoXForCausalLM\"],\"hidden_size\":512,"
                + "\"num_attention_heads\":8}");
        assertEquals(0.25, c.rotaryPct());
        assertEquals(16, c.rotaryDims());
        assertEquals(10000.0, c.rotaryBase());
        assertTrue(c.parallelResidual());
        assertFalse(c.tieWordEmbeddings());
        assertEquals(Activation.GELU, c.activation());
    }

    @Test
    void architectureFromModelTypeWhenTheListIsAbsent() throws IOException {
        assertEquals(GptNeoXConfig.ARCHITECTURE, read("{\"model_type\":\"gpt_neox\"}").architecture());
    }
}
