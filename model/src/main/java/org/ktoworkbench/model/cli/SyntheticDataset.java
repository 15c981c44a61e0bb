package org.ktoworkbench.model.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded synthetic unpaired KTO rows for benchmarks: pseudo-words from a fixed vocabulary, prompts of
 * 8–20 words shared by about two rows each, completions of 15–40 words, about 45% desirable.
 */
final class SyntheticDataset {
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "nu", "ra", "se", "ti", "vo", "pe", "zu", "an",
            "el", "or", "is", "um", "ba", "de", "fi", "go", "hu"};

    final List<String> vocabulary;

    SyntheticDataset(int vocabularySize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        vocabulary = IntStream.range(0, vocabularySize).mapToObj(i -> {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            return word.append(i).toString();
        }).toList();
    }

    void writeJsonl(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String prompt = null;
            for (int i = 0; i < rows; i++) {
                if (prompt == null || random.nextBoolean()) {
                    prompt = words(random, 8 + random.nextInt(13)) + "?";
                }
                out.write("{\"prompt\":\"" + prompt + "\",\"completion\":\"" + words(random, 15 + random.nextInt(26))
                        + ".\",\"label\":" + (random.nextDouble() < 0.45) + ",\"source\":\"bench\",\"row\":" + i + "}\n");
            }
        }
    }

    String word(SplittableRandom random) {
        return vocabulary.get(random.nextInt(vocabulary.size()));
    }

    private String words(SplittableRandom random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(word(random));
        }
        return text.toString();
    }
}
