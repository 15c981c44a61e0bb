package org.ktoworkbench.model.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptConfigTest {

    @Test
    void rejectsSizesThatCannotWork() {
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> new GptConfig(259, 64, 2, 30, 4));
        assertEquals("dModel (30) must be divisible by heads (4)", heads.getMessage());
        IllegalArgumentException layers = assertThrows(IllegalArgumentException.class,
                () -> new GptConfig(259, 64, 0, 32, 4));
        assertEquals("layers must be positive, got 0", layers.getMessage());
    }

    @Test
    void parameterCountMatchesTheBuiltModel() {
        GptConfig config = new GptConfig(259, 16, 3, 24, 3);
        try (Gpt model = Gpt.create(config, 1)) {
            long actual = model.parameters().stream().mapToLong(p -> p.value().getShape().size()).sum();
            assertEquals(actual, config.parameterCount());
        }
        // the bench shape named in the design notes: 3.26 M parameters
        assertEquals(3_257_856, new GptConfig(256, 128, 4, 256, 4).parameterCount());
    }

    @Test
    void jsonRoundTrips(@TempDir Path dir) throws IOException {
        GptConfig config = new GptConfig(259, 128, 4, 256, 8);
        Path file = dir.resolve("config.json");
        config.write(file);
        assertEquals(config, GptConfig.read(file));
        assertTrue(Files.readString(file).contains("\"dModel\" : 256"));
    }

    @Test
    void badJsonNamesTheFileAndField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"vocabSize\": 259, \"contextLength\": 64, \"layers\": \"two\", \"dModel\": 32, \"heads\": 4}");
        IOException e = assertThrows(IOException.class, () -> GptConfig.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'layers'"), e.getMessage());

        Files.writeString(file, "{\"vocabSize\": 259,\n \"contextLength\": 64,,}");
        IOException syntax = assertThrows(IOException.class, () -> GptConfig.read(file));
        assertTrue(syntax.getMessage().contains("line 2"), syntax.getMessage());

        Files.writeString(file, "{\"vocabSize\": 259, \"contextLength\": 64, \"layers\": 2, \"dModel\": 30, \"heads\": 4}");
        IOException invalid = assertThrows(IOException.class, () -> GptConfig.read(file));
        assertEquals(file + ": dModel (30) must be divisible by heads (4)", invalid.getMessage());
    }
}
