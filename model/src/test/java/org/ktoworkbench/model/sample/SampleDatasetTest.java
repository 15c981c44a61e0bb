package org.ktoworkbench.model.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.eval.DesirabilityJudge;
import org.ktoworkbench.model.eval.Judges;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the committed sample files against the task's own judge and the brief's shape. */
class SampleDatasetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DesirabilityJudge JUDGE = (DesirabilityJudge) Judges.byName(SampleData.JUDGE);
    private static List<JsonNode> arithmetic;

    @BeforeAll
    static void read() throws IOException {
        arithmetic = rows(SampleData.ARITHMETIC);
    }

    private static List<JsonNode> rows(String name) throws IOException {
        Path file = SampleDataGeneratorTest.COMMITTED.resolve(name);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static List<String> keys(JsonNode row) {
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void arithmeticRowsAreTrlUnpairedWithEveryLabelAgreeingWithTheJudge() {
        assertTrue(arithmetic.size() >= 2400 && arithmetic.size() <= 3000, "rows: " + arithmetic.size());
        for (int i = 0; i < arithmetic.size(); i++) {
            JsonNode row = arithmetic.get(i);
            assertEquals(List.of("prompt", "completion", "label"), keys(row), "line " + (i + 1));
            assertTrue(row.get("label").isBoolean(), "line " + (i + 1));
            String prompt = row.get("prompt").asText();
            String completion = row.get("completion").asText();
            assertEquals(row.get("label").asBoolean(), JUDGE.isDesirable(prompt, completion), "line " + (i + 1));
            assertTrue(prompt.length() + completion.length() <= 48, "line " + (i + 1) + " too long for the context");
        }
    }

    @Test
    void arithmeticLabelBalanceIsFortyToFortyFivePercentDesirable() {
        long desirable = arithmetic.stream().filter(r -> r.get("label").asBoolean()).count();
        double share = (double) desirable / arithmetic.size();
        assertTrue(share >= 0.40 && share <= 0.45, "desirable share " + share);
    }

    @Test
    void promptsRepeatWithBothLabelsAndNoRowIsDuplicated() {
        Map<String, Set<Boolean>> labelsByPrompt = new HashMap<>();
        Set<String> distinctRows = new HashSet<>();
        for (JsonNode row : arithmetic) {
            labelsByPrompt.computeIfAbsent(row.get("prompt").asText(), p -> new HashSet<>()).add(row.get("label").asBoolean());
            distinctRows.add(row.get("prompt").asText() + "\u0000" + row.get("completion").asText());
        }
        assertEquals(arithmetic.size(), distinctRows.size(), "duplicate rows");
        long mixed = labelsByPrompt.values().stream().filter(s -> s.size() == 2).count();
        assertTrue(mixed >= labelsByPrompt.size() / 2, mixed + " of " + labelsByPrompt.size() + " prompts have both labels");
        assertTrue(labelsByPrompt.size() < arithmetic.size() / 1.5, "several completions per prompt");
    }

    @Test
    void everyDigitLengthFromThreeToSixIsPresent() {
        Set<Integer> lengths = new HashSet<>();
        for (JsonNode row : arithmetic) {
            lengths.add(DigitIncrementTask.digitsOf(row.get("prompt").asText()).orElseThrow().length());
        }
        assertEquals(Set.of(3, 4, 5, 6), lengths);
    }

    @Test
    void conversationalSampleIsMessageListsLabelledByTheJudge() throws IOException {
        List<JsonNode> rows = rows(SampleData.CONVERSATIONAL);
        assertTrue(rows.size() >= 40 && rows.size() <= 60, "rows: " + rows.size());
        Set<Boolean> labels = new HashSet<>();
        for (JsonNode row : rows) {
            assertEquals(List.of("prompt", "completion", "label"), keys(row));
            JsonNode prompt = row.get("prompt");
            JsonNode last = prompt.get(prompt.size() - 1);
            assertEquals("user", last.get("role").asText());
            JsonNode answer = row.get("completion").get(0);
            assertEquals(List.of("role", "content"), keys(answer));
            assertEquals("assistant", answer.get("role").asText());
            assertEquals(row.get("label").asBoolean(),
                    JUDGE.isDesirable(last.get("content").asText(), answer.get("content").asText()));
            labels.add(row.get("label").asBoolean());
        }
        assertEquals(Set.of(true, false), labels);
    }

    @Test
    void pairedSampleChoosesTheRightAnswerOverAMistake() throws IOException {
        List<JsonNode> rows = rows(SampleData.PAIRED);
        assertTrue(rows.size() >= 40 && rows.size() <= 60, "rows: " + rows.size());
        for (JsonNode row : rows) {
            assertEquals(List.of("prompt", "chosen", "rejected"), keys(row));
            String prompt = row.get("prompt").asText();
            assertTrue(JUDGE.isDesirable(prompt, row.get("chosen").asText()), row.toString());
            assertFalse(JUDGE.isDesirable(prompt, row.get("rejected").asText()), row.toString());
        }
    }

    /**
     * The paired form of the main task: one pair for every prompt of arithmetic-kto that has both labels, its correct
     * answer (the prompt's only desirable row) against one of that prompt's slips, so its 2n unpaired rows are rows of
     * arithmetic-kto.
     */
    @Test
    void arithmeticPairsPairEachPromptWithBothLabelsFromTheMainRows() throws IOException {
        Map<String, String> correct = new HashMap<>();
        Map<String, Set<String>> slips = new HashMap<>();
        for (JsonNode row : arithmetic) {
            String prompt = row.get("prompt").asText();
            if (row.get("label").asBoolean()) {
                correct.put(prompt, row.get("completion").asText());
            } else {
                slips.computeIfAbsent(prompt, p -> new HashSet<>()).add(row.get("completion").asText());
            }
        }
        long bothLabels = correct.keySet().stream().filter(slips::containsKey).count();
        List<JsonNode> pairs = rows(SampleData.ARITHMETIC_PAIRS);
        assertEquals(bothLabels, pairs.size());
        Set<String> prompts = new HashSet<>();
        for (JsonNode pair : pairs) {
            assertEquals(List.of("prompt", "chosen", "rejected"), keys(pair));
            String prompt = pair.get("prompt").asText();
            assertTrue(prompts.add(prompt), "one pair per prompt: " + prompt);
            assertEquals(correct.get(prompt), pair.get("chosen").asText(), pair.toString());
            assertTrue(slips.get(prompt).contains(pair.get("rejected").asText()), pair.toString());
            assertTrue(JUDGE.isDesirable(prompt, pair.get("chosen").asText()), pair.toString());
            assertFalse(JUDGE.isDesirable(prompt, pair.get("rejected").asText()), pair.toString());
        }
    }
}
