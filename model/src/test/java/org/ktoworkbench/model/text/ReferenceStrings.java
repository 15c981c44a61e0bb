package org.ktoworkbench.model.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Varied strings for comparing encoders: hand-picked edge cases, then seeded random mixtures of them. */
final class ReferenceStrings {
    private static final List<String> CASES = List.of(
            "", " ", "  ", "\n", "\n\n\n", "\t", " \t \n ", "a", "Hello, my dog is cute",
            "Hello world", " Hello world", "Hello  world", "hello   \n\n  world   ",
            "12345", "3.14159", "1,000,000", "2024-05-01", "0x1F", "v1.2.3-rc4", "9999999999999999",
            "don't", "I'M", "we'll've", "they're", "DON'T STOP",
            "def f(x):\n    return x ** 2\n", "for (int i = 0; i < n; i++) { a[i] += 1; }",
            "<html><body class=\"x\">&amp;</body></html>", "SELECT * FROM t WHERE id = 42;",
            "naïve café résumé", "Straße", "Ελληνικά", "Русский текст", "日本語のテキスト", "中文分词测试",
            "한국어", "العربية", "עברית", "हिन्दी", "ไทย", "e\u0301", "\u00e9", "\u200b", "\u00a0nbsp",
            "😀", "👩‍👩‍👧‍👦", "🇩🇪🇫🇷", "🤗 Hugging Face", "❤️‍🔥", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "<|im_start|>user\nHi<|im_end|>", "<|endoftext|>", "<|begin_of_text|>", "<|eot_id|>",
            "<|start_header_id|>assistant<|end_header_id|>\n\n", "<think>\n\n</think>\n\n", "<s>", "</s> [INST]",
            "!!!???...", "—–-", "«quotes» “curly” ‘single’", "~`@#$%^&*()_+=[]{}|\\;:'\",.<>/?",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ababababababababab",
            "    indented\n\tTabbed\r\nWindows line\r\n", "trailing space ", " leading space");
    private static final String[] PIECES = {
            " ", "  ", "\n", "\t", "the", " quick", " brown", "fox", "42", "007", ".", ",", "!", "?", "'s", "😀", "日本",
            "é", "ß", "Ω", "<|im_end|>", "<|eot_id|>", "{", "}", "()", "=>", "    ", "\n\n", "http://example.com/a?b=c",
            "CamelCase", "snake_case", "UPPER", "1/2", "%", "$", "#", "\\n", "\"", "'", "Ä", "ü", "🤗", "ok", "…"};

    private ReferenceStrings() {}

    static List<String> generate(int count, long seed) {
        List<String> strings = new ArrayList<>(CASES);
        Random random = new Random(seed);
        while (strings.size() < count) {
            StringBuilder s = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int i = 0; i < pieces; i++) s.append(PIECES[random.nextInt(PIECES.length)]);
            strings.add(s.toString());
        }
        return strings;
    }
}
