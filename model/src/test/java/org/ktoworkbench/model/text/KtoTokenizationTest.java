package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktoworkbench.model.text.ChatMessage.assistant;
import static org.ktoworkbench.model.text.ChatMessage.user;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Token ids below were checked with the JS reference encoder (@lenml/tokenizers). */
class KtoTokenizationTest {
    private static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final KtoText.Plain DOG = new KtoText.Plain("Hello, my dog is", " cute");

    @Test
    void plainTextKeepsTheTokenizersBosAndEndsWithEos() {
        KtoTokenization.Result result = KtoTokenization.of(RealTokenizers.shared(RealTokenizers.LLAMA3_1), NO_LIMIT)
                .tokenize(List.of(DOG));
        KtoTokenization.Row row = result.rows().get(0);
        assertArrayEquals(new int[] {128000, 9906, 11, 856, 5679, 374}, row.promptIds(), "BOS, then the prompt");
        assertArrayEquals(new int[] {19369, 128009}, row.completionIds(), "' cute', then <|eot_id|>");
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void plainTextWithoutBos() {
        KtoTokenization.Row row = KtoTokenization.of(RealTokenizers.shared(RealTokenizers.QWEN3), NO_LIMIT)
                .tokenize(List.of(DOG)).rows().get(0);
        assertArrayEquals(new int[] {9707, 11, 847, 5562, 374}, row.promptIds());
        assertArrayEquals(new int[] {18838, 151645}, row.completionIds(), "' cute', then <|im_end|>");
    }

    @Test
    void conversationalUsesTheChatTemplate() {
        KtoTokenization.Row row = KtoTokenization.of(RealTokenizers.shared(RealTokenizers.QWEN3), NO_LIMIT)
                .tokenize(List.of(new KtoText.Conversational(List.of(user("Hi")), List.of(assistant("Hello!"))))).rows().get(0);
        // <|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n
        assertArrayEquals(new int[] {151644, 872, 198, 13048, 151645, 198, 151644, 77091, 198}, row.promptIds());
        // <think>\n\n</think>\n\nHello!<|im_end|>\n : Qwen3's template puts the think block in the completion
        assertArrayEquals(new int[] {151667, 271, 151668, 271, 9707, 0, 151645, 198}, row.completionIds());
    }

    @Test
    void conversationalDoesNotDoubleTheBosTheTemplateWrites() {
        HfTokenizer llama = RealTokenizers.shared(RealTokenizers.LLAMA3_1);
        KtoTokenization.Row row = KtoTokenization.of(llama, NO_LIMIT)
                .tokenize(List.of(new KtoText.Conversational(List.of(user("Hi")), List.of(assistant("Hello!"))))).rows().get(0);
        assertEquals(128000, row.promptIds()[0]);
        assertTrue(row.promptIds()[1] != 128000, "one BOS");
        assertEquals(128009, row.completionIds()[row.completionIds().length - 1], "ends with <|eot_id|>");
        assertEquals("Hello!", llama.decode(row.completionIds()));
    }

    @Test
    void maxLengthTruncatesFromTheRightAndDropsRowsWhosePromptFillsIt() {
        HfTokenizer llama = RealTokenizers.shared(RealTokenizers.LLAMA3_1);
        KtoTokenization.Result cut = KtoTokenization.of(llama, 7).tokenize(List.of(DOG));
        assertArrayEquals(new int[] {19369}, cut.rows().get(0).completionIds(), "EOS cut off at 7 tokens");
        assertEquals(1, cut.truncated());
        assertEquals(1, cut.rows().get(0).cut(), "the row says how many tokens it lost");
        assertEquals(0, KtoTokenization.of(llama, NO_LIMIT).tokenize(List.of(DOG)).rows().get(0).cut());

        KtoTokenization.Result result = KtoTokenization.of(llama, 6)
                .tokenize(List.of(DOG, new KtoText.Plain("Hi", " there"), DOG));
        assertEquals(List.of(1), result.rows().stream().map(KtoTokenization.Row::index).toList());
        assertEquals(List.of(0, 2), result.dropped());
        assertEquals("dropped 2 of 3 rows whose prompt alone has 6 tokens or more (max length 6); first: row 1",
                result.warnings().get(0));
    }

    @Test
    void aTokenAcrossTheBoundaryIsCountedAsAMismatch() {
        // "Hello, my d" ends in " d"; "Hello, my dog..." encodes " dog": the full tokens do not start with the prompt's
        KtoTokenization.Result result = KtoTokenization.of(RealTokenizers.shared(RealTokenizers.QWEN3), NO_LIMIT)
                .tokenize(List.of(new KtoText.Plain("Hello, my d", "og is cute"), DOG));
        assertEquals(List.of(0), result.mismatched());
        assertArrayEquals(new int[] {9707, 11, 847, 294}, result.rows().get(0).promptIds());
        assertArrayEquals(new int[] {374, 18838, 151645}, result.rows().get(0).completionIds(), "full[len(prompt):], as TRL");
        assertTrue(result.warnings().get(0).startsWith("1 of 2 rows: the tokens of prompt + completion do not start"), result.warnings().get(0));
    }

    @Test
    void conversationalRowsNeedAChatTemplate() {
        KtoTokenization plain = new KtoTokenization(new ByteTokenizer(), "", null, NO_LIMIT);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> plain.tokenize(List.of(
                DOG, new KtoText.Conversational(List.of(user("Hi")), List.of(assistant("Yo"))))));
        assertEquals("row 2 is conversational but the tokenizer has no chat_template", e.getMessage());
    }
}
