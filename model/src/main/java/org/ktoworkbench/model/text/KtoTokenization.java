package org.ktoworkbench.model.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Tokenizes KTO rows as TRL's KTOTrainer (1.x) does.
 * <ul>
 *   <li>Plain text: {@code prompt_ids = tok(prompt)} with the special tokens the tokenizer adds itself (Llama's BOS),
 *       {@code full = tok(prompt + completion + eos_token)}, {@code completion_ids = full[len(prompt_ids):]}.
 *   <li>Conversational: {@code prompt_ids} are the tokens of the chat template over the prompt messages with
 *       {@code add_generation_prompt=True}, {@code full} those of the template over prompt + completion messages
 *       (tokenized without adding special tokens, as apply_chat_template does: the template writes BOS itself);
 *       the completion is the rest.
 * </ul>
 * When {@code full} does not start with {@code prompt_ids} (a merge across the prompt/completion boundary) the split
 * is kept as TRL keeps it and the row is counted as a mismatch. {@code maxLength} truncates {@code full} from the
 * right; a row whose prompt alone has {@code maxLength} tokens or more is dropped (it would keep no completion).
 */
public final class KtoTokenization {

    /** One tokenized row; {@code index} is its position in the input, {@code cut} the tokens max length cut off its end. */
    public record Row(int index, int[] promptIds, int[] completionIds, int cut) {}

    /**
     * @param dropped indices of rows whose prompt alone fills maxLength
     * @param mismatched indices of rows whose full tokens do not start with their prompt's tokens
     * @param truncated number of kept rows whose completion was cut at maxLength
     */
    public record Result(List<Row> rows, List<Integer> dropped, List<Integer> mismatched, int truncated, int maxLength) {
        public Result {
            rows = List.copyOf(rows);
            dropped = List.copyOf(dropped);
            mismatched = List.copyOf(mismatched);
        }

        /** Lines to show the user (empty when nothing happened worth saying). */
        public List<String> warnings() {
            List<String> lines = new ArrayList<>();
            int total = rows.size() + dropped.size();
            if (!dropped.isEmpty()) {
                lines.add("dropped " + dropped.size() + " of " + total + " rows whose prompt alone has " + maxLength
                        + " tokens or more (max length " + maxLength + "); first: row " + (dropped.get(0) + 1));
            }
            if (truncated > 0) {
                lines.add("truncated the completions of " + truncated + " of " + total + " rows to max length " + maxLength);
            }
            if (!mismatched.isEmpty()) {
                lines.add(mismatched.size() + " of " + total + " rows: the tokens of prompt + completion do not start with the"
                        + " prompt's tokens (a token spans the boundary); the completion is cut after the prompt's length,"
                        + " as TRL does; first: row " + (mismatched.get(0) + 1));
            }
            return lines;
        }
    }

    private final Tokenizer tokenizer;
    private final String eosToken;
    private final HfChatTemplate chatTemplate;
    private final int maxLength;

    /**
     * @param eosToken appended to plain-text completions
     * @param chatTemplate for conversational rows; null when the tokenizer has none
     * @param maxLength at least 2 tokens; {@link Integer#MAX_VALUE} for no limit
     */
    public KtoTokenization(Tokenizer tokenizer, String eosToken, HfChatTemplate chatTemplate, int maxLength) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.eosToken = Objects.requireNonNull(eosToken, "eosToken");
        this.chatTemplate = chatTemplate;
        if (maxLength < 2) throw new IllegalArgumentException("max length must be at least 2 tokens, got " + maxLength);
        this.maxLength = maxLength;
    }

    /** With the tokenizer's own EOS token and default chat template. */
    public static KtoTokenization of(HfTokenizer tokenizer, int maxLength) {
        String eos = tokenizer.eosToken().orElseThrow(() -> new TokenizerFileException(
                HfTokenizerConfig.FILE_NAME + " names no eos_token: plain-text KTO rows need one after each completion"));
        return new KtoTokenization(tokenizer, eos, HfChatTemplate.of(tokenizer).orElse(null), maxLength);
    }

    public Result tokenize(List<? extends KtoText> texts) {
        if (chatTemplate == null) {
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i) instanceof KtoText.Conversational) {
                    throw new ChatTemplateException("row " + (i + 1) + " is conversational but the tokenizer has no chat_template");
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        List<Integer> mismatched = new ArrayList<>();
        int truncated = 0;
        for (int i = 0; i < texts.size(); i++) {
            int[][] promptAndFull = promptAndFull(texts.get(i));
            int[] prompt = promptAndFull[0];
            int[] full = promptAndFull[1];
            if (prompt.length >= maxLength) {
                dropped.add(i);
                continue;
            }
            if (!startsWith(full, prompt)) mismatched.add(i);
            if (full.length > maxLength) truncated++;
            int end = Math.min(full.length, maxLength);
            rows.add(new Row(i, prompt, Arrays.copyOfRange(full, Math.min(prompt.length, end), end), full.length - end));
        }
        return new Result(rows, dropped, mismatched, truncated, maxLength);
    }

    private int[][] promptAndFull(KtoText text) {
        if (text instanceof KtoText.Plain plain) {
            return new int[][] {
                    tokenizer.encode(plain.prompt(), true),
                    tokenizer.encode(plain.prompt() + plain.completion() + eosToken, true)};
        }
        KtoText.Conversational chat = (KtoText.Conversational) text;
        List<ChatMessage> conversation = Stream.concat(chat.prompt().stream(), chat.completion().stream()).toList();
        return new int[][] {
                tokenizer.encode(chatTemplate.render(chat.prompt(), true), false),
                tokenizer.encode(chatTemplate.render(conversation, false), false)};
    }

    private static boolean startsWith(int[] full, int[] prefix) {
        return full.length >= prefix.length && Arrays.equals(full, 0, prefix.length, prefix, 0, prefix.length);
    }
}
