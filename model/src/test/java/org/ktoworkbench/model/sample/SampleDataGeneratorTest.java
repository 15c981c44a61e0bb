package org.ktoworkbench.model.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SampleDataGeneratorTest {
    /** Tests run from model/, so the repository's sample-data is one level up. */
    static final Path COMMITTED = Path.of("..", "sample-data");

    @Test
    void committedFilesAreExactlyWhatTheGeneratorWritesForTheDefaultSeed() throws IOException {
        Map<String, byte[]> generated = SampleDataGenerator.generate(SampleDataGenerator.DEFAULT_SEED);
        assertEquals(4, generated.size());
        for (Map.Entry<String, byte[]> file : generated.entrySet()) {
            assertArrayEquals(Files.readAllBytes(COMMITTED.resolve(file.getKey())), file.getValue(),
                    file.getKey() + " differs from the generator's output: regenerate it (see sample-data/README.md)");
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        Map<String, byte[]> first = SampleDataGenerator.generate(42);
        Map<String, byte[]> again = SampleDataGenerator.generate(42);
        Map<String, byte[]> other = SampleDataGenerator.generate(43);
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), again.get(name), name);
            assertFalse(java.util.Arrays.equals(first.get(name), other.get(name)), name);
        }
    }

    @Test
    void commandLineWritesTheFilesIntoTheOutFolder(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("nested").resolve("sample-data");
        int code = new CommandLine(new SampleDataGenerator()).execute("--out", out.toString(), "--seed", "42");
        assertEquals(0, code);
        for (Map.Entry<String, byte[]> file : SampleDataGenerator.generate(42).entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(out.resolve(file.getKey())), file.getKey());
        }
    }

    @Test
    void embeddedResourcesAreTheCommittedFiles() throws IOException {
        for (String name : new String[] {SampleData.ARITHMETIC, SampleData.CONVERSATIONAL, SampleData.PAIRED,
                SampleData.ARITHMETIC_PAIRS}) {
            try (InputStream in = SampleData.open(name)) {
                assertArrayEquals(Files.readAllBytes(COMMITTED.resolve(name)), in.readAllBytes(), name);
            }
        }
    }
}
