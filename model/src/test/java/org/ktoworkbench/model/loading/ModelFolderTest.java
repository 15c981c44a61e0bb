package org.ktoworkbench.model.loading;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.nn.hf.HfDecoder;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.text.HfTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFolderTest {
    @TempDir
    Path tmp;

    @Test
    void builtInFolderLoadsTheGptWithTheByteTokenizer() throws Exception {
        Path dir = tmp.resolve("gpt");
        try (Gpt gpt = Gpt.create(new GptConfig(ByteTokenizer.VOCAB_SIZE, 16, 1, 16, 2), 7)) {
            gpt.save(dir);
            try (LoadedModel loaded = ModelFolder.load(dir); NDManager m = NDManager.newBaseManager()) {
                assertEquals(ModelKind.BUILT_IN, loaded.kind());
                assertInstanceOf(Gpt.class, loaded.model());
                assertInstanceOf(ByteTokenizer.class, loaded.tokenizer());
                assertTrue(loaded.chatTemplate().isEmpty());
                int[] ids = {256, 1, 2, 3};
                assertArrayEquals(gpt.logits(m.create(ids).reshape(1, 4)).toFloatArray(),
                        loaded.model().logits(m.create(ids).reshape(1, 4)).toFloatArray());
            }
        }
    }

    @Test
    void huggingFaceFolderLoadsItsArchitectureAndTokenizer() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen2();
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen"), spec, "BF16", false);
        TinyCheckpoints.writeTokenizer(dir, spec, TinyCheckpoints.CHAT_TEMPLATE);
        try (LoadedModel loaded = ModelFolder.load(dir)) {
            assertEquals(ModelKind.HUGGING_FACE, loaded.kind());
            assertInstanceOf(HfDecoder.class, loaded.model());
            HfTokenizer tokenizer = assertInstanceOf(HfTokenizer.class, loaded.tokenizer());
            assertArrayEquals(new int[] {spec.vocab() - 3, 1, 2}, tokenizer.encode("w1 w2", true));
            assertTrue(loaded.chatTemplate().isPresent());
        }
    }

    @Test
    void problemsNameTheFileAndField() throws Exception {
        IOException missing = assertThrows(IOException.class, () -> ModelFolder.load(tmp.resolve("nowhere")));
        assertEquals(tmp.resolve("nowhere") + ": no such model folder", missing.getMessage());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(empty.resolve("config.json") + ": model config not found",
                assertThrows(IOException.class, () -> ModelFolder.load(empty)).getMessage());

        Path neither = Files.createDirectories(tmp.resolve("neither"));
        Files.writeString(neither.resolve("config.json"), "{\"hidden_size\": 8}");
        assertTrue(assertThrows(IOException.class, () -> ModelFolder.load(neither)).getMessage()
                .startsWith(neither.resolve("config.json") + ": field 'architectures' is missing"));
    }

    @Test
    void aTokenizerLargerThanTheVocabularyIsRefused() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.llama();
        Path dir = TinyCheckpoints.write(tmp.resolve("llama"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(dir, TinyCheckpoints.qwen2(), null); // 120 tokens for a vocabulary of 96
        IOException e = assertThrows(IOException.class, () -> ModelFolder.load(dir));
        assertEquals(dir.resolve("tokenizer.json") + ": has 120 tokens but config.json's vocab_size is 96:"
                + " the tokenizer does not belong to this model", e.getMessage());
    }
}
