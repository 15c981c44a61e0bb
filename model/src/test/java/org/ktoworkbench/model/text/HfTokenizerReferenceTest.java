package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java side (DJL's Rust tokenizers) against an independent encoder, @lenml/tokenizers (a JS port of
 * transformers' tokenizers) run with node, on a few hundred varied strings, with and without special tokens.
 */
class HfTokenizerReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STRINGS = 320;

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {RealTokenizers.QWEN3, RealTokenizers.LLAMA3_1})
    void matchesTheJsReferenceExactly(String model) throws Exception {
        HfTokenizer tokenizer = RealTokenizers.shared(model);
        List<String> strings = ReferenceStrings.generate(STRINGS, 20261201L);
        List<int[][]> reference = runReference(model, strings);
        assertEquals(strings.size(), reference.size());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            int[] withSpecial = tokenizer.encode(strings.get(i), true);
            int[] plain = tokenizer.encode(strings.get(i), false);
            if (!Arrays.equals(reference.get(i)[0], withSpecial) || !Arrays.equals(reference.get(i)[1], plain)) {
                mismatches.add(JSON.writeValueAsString(strings.get(i)) + ": java " + Arrays.toString(withSpecial)
                        + " js " + Arrays.toString(reference.get(i)[0]));
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + strings.size() + " differ:\n" + String.join("\n", mismatches));
    }

    private List<int[][]> runReference(String model, List<String> strings) throws IOException, InterruptedException {
        Path script = tmp.resolve("encode-reference.js");
        try (var in = getClass().getResourceAsStream("/text/encode-reference.js")) {
            Files.copy(in, script);
        }
        Path input = tmp.resolve("strings.json");
        JSON.writeValue(input.toFile(), strings);
        Path output = tmp.resolve("ids.jsonl");
        Process node;
        try {
            node = new ProcessBuilder("node", script.toString(), RealTokenizers.jsReference().toAbsolutePath().toString(),
                    RealTokenizers.dir(model).toAbsolutePath().toString())
                    .redirectInput(input.toFile()).redirectOutput(output.toFile()).redirectErrorStream(false)
                    .redirectError(tmp.resolve("node.err").toFile()).start();
        } catch (IOException e) {
            RealTokenizers.require(Path.of("/node is not on PATH"));
            throw e;
        }
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node timed out");
        assertEquals(0, node.exitValue(), Files.readString(tmp.resolve("node.err")));
        List<int[][]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            JsonNode row = JSON.readTree(line);
            rows.add(new int[][] {ints(row.get(0)), ints(row.get(1))});
        }
        return rows;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
