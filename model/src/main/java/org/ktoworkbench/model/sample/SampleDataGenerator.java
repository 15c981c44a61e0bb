package org.ktoworkbench.model.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Writes the embedded sample datasets (see {@code sample-data/README.md}) as JSONL: one JSON object
 * a line, keys in TRL's order, {@code \n} line ends, UTF-8. Deterministic: same seed, same bytes.
 */
@Command(name = "sample-data-generator", mixinStandardHelpOptions = true,
        description = "Writes the sample datasets of the built-in arithmetic task.")
public final class SampleDataGenerator implements Callable<Integer> {
    public static final long DEFAULT_SEED = 20240202L;
    public static final String ARITHMETIC_FILE = "arithmetic-kto.jsonl";
    public static final String CONVERSATIONAL_FILE = "conversational-sample.jsonl";
    public static final String PAIRED_FILE = "paired-sample.jsonl";
    public static final String ARITHMETIC_PAIRS_FILE = "arithmetic-pairs.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--out", description = "Folder to write into (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("sample-data");

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed = DEFAULT_SEED;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SampleDataGenerator()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        for (Map.Entry<String, byte[]> file : generate(seed).entrySet()) {
            Files.write(out.resolve(file.getKey()), file.getValue());
            System.out.println("wrote " + out.resolve(file.getKey()));
        }
        return 0;
    }

    /** File name to file content for every sample file; each file draws from its own seed. */
    public static Map<String, byte[]> generate(long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<SampleRows.Unpaired> arithmetic = new SampleRows(seed).arithmetic();
        files.put(ARITHMETIC_FILE, jsonl(arithmetic, SampleDataGenerator::unpaired));
        files.put(CONVERSATIONAL_FILE, jsonl(new SampleRows(seed + 1).conversational(), SampleDataGenerator::conversational));
        files.put(PAIRED_FILE, jsonl(new SampleRows(seed + 2).paired(), SampleDataGenerator::paired));
        files.put(ARITHMETIC_PAIRS_FILE, jsonl(SampleRows.pairsOf(arithmetic), SampleDataGenerator::paired));
        return files;
    }

    private static <T> byte[] jsonl(List<T> rows, Function<T, ObjectNode> toJson) {
        StringBuilder text = new StringBuilder();
        for (T row : rows) {
            try {
                text.append(JSON.writeValueAsString(toJson.apply(row))).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode unpaired(SampleRows.Unpaired row) {
        ObjectNode node = JSON.createObjectNode();
        node.put("prompt", row.prompt());
        node.put("completion", row.completion());
        node.put("label", row.label());
        return node;
    }

    private static ObjectNode conversational(SampleRows.Conversational row) {
        ObjectNode node = JSON.createObjectNode();
        node.set("prompt", messages(row.prompt()));
        node.set("completion", messages(row.completion()));
        node.put("label", row.label());
        return node;
    }

    private static ArrayNode messages(List<SampleRows.Message> messages) {
        ArrayNode array = JSON.createArrayNode();
        for (SampleRows.Message m : messages) {
            array.addObject().put("role", m.role()).put("content", m.content());
        }
        return array;
    }

    private static ObjectNode paired(SampleRows.Paired row) {
        ObjectNode node = JSON.createObjectNode();
        node.put("prompt", row.prompt());
        node.put("chosen", row.chosen());
        node.put("rejected", row.rejected());
        return node;
    }
}
