package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerConfigTest {
    @TempDir Path dir;

    private HfTokenizerConfig read(String json) throws IOException {
        Path file = dir.resolve(HfTokenizerConfig.FILE_NAME);
        Files.writeString(file, json);
        return HfTokenizerConfig.read(file);
    }

    @Test
    void tokensMayBeStringsOrAddedTokenObjects() throws IOException {
        HfTokenizerConfig config = read("""
                {"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": "</s>", "pad_token": null, "add_bos_token": true}""");
        assertEquals("<s>", config.bosToken());
        assertEquals("</s>", config.eosToken());
        assertNull(config.padToken());
        assertEquals(Boolean.TRUE, config.addBosToken());
        assertNull(config.addEosToken());
    }

    @Test
    void chatTemplateMayBeAListOfNamedTemplates() throws IOException {
        HfTokenizerConfig config = read("""
                {"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]}""");
        assertEquals(Optional.of("D"), config.chatTemplate());
        assertEquals("T", config.chatTemplates().get("tool_use"));
        assertEquals(Optional.of("S"), read("{\"chat_template\": \"S\"}").chatTemplate());
        assertEquals(Optional.empty(), read("{}").chatTemplate());
    }

    @Test
    void aMissingFileIsAnEmptyConfig() {
        HfTokenizerConfig config = HfTokenizerConfig.read(dir.resolve("absent.json"));
        assertNull(config.eosToken());
        assertEquals(Optional.empty(), config.chatTemplate());
    }

    @Test
    void badFieldsAreErrorsNamingFileAndField() {
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> read("{\"eos_token\": 7}"));
        assertTrue(e.getMessage().contains("tokenizer_config.json: field eos_token must be a string"), e.getMessage());
        e = assertThrows(TokenizerFileException.class, () -> read("{\"chat_template\": [{\"name\": \"x\"}]}"));
        assertTrue(e.getMessage().contains("chat_template[0] needs string fields name and template"), e.getMessage());
        e = assertThrows(TokenizerFileException.class, () -> read("{\"eos_token\": "));
        assertTrue(e.getMessage().contains("tokenizer_config.json: not valid JSON"), e.getMessage());
    }
}
