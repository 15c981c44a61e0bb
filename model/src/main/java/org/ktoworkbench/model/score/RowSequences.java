package org.ktoworkbench.model.score;

import org.ktoworkbench.model.loading.LoadedModel;
import org.ktoworkbench.model.nn.SequenceBatcher;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.KtoText;
import org.ktoworkbench.model.text.KtoTokenization;
import org.ktoworkbench.model.text.Tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows tokenized as the model's training tokenizes them: the built-in GPT as {@code EncodedRows} + {@link
 * SequenceBatcher} do (BOS + prompt + completion + EOS, the prompt cut from the left to fit), a Hugging Face model as
 * TRL's KTOTrainer does ({@link KtoTokenization}: cut from the right, rows whose prompt fills the length dropped).
 *
 * @param kept    sequences by row index, in input order
 * @param dropped why each dropped row (by index) was dropped
 */
public record RowSequences(Map<Integer, SequenceBatcher.Sequence> kept, Map<Integer, String> dropped,
                           List<String> warnings) {

    /** @param maxLength longest sequence, prompt and completion together; at most the model's context + 1 */
    public static RowSequences of(LoadedModel model, List<ScoreRow> rows, int maxLength) {
        return of(model.tokenizer(), rows, maxLength);
    }

    /**
     * As {@link #of(LoadedModel, List, int)} with only the model's tokenizer ({@code ModelFolder.openTokenizer}): a
     * {@link HfTokenizer} tokenizes as a Hugging Face model trains, any other as the built-in GPT does.
     */
    public static RowSequences of(Tokenizer tokenizer, List<ScoreRow> rows, int maxLength) {
        Map<Integer, SequenceBatcher.Sequence> kept = new LinkedHashMap<>();
        if (!(tokenizer instanceof HfTokenizer hf)) {
            SequenceBatcher batcher = new SequenceBatcher(tokenizer, maxLength - 1);
            int truncated = 0;
            for (int i = 0; i < rows.size(); i++) {
                ScoreRow row = rows.get(i);
                SequenceBatcher.Sequence s = batcher.fit(new SequenceBatcher.Pair(tokenizer.encode(row.promptText()),
                        tokenizer.encode(row.completionText())));
                if (s.truncated()) truncated++;
                kept.put(i, s);
            }
            List<String> warnings = truncated == 0 ? List.of() : List.of("truncated " + truncated + " of " + rows.size()
                    + " rows to max length " + maxLength + " (the prompt loses tokens from its left, as training does)");
            return new RowSequences(kept, Map.of(), warnings);
        }
        List<KtoText> texts = rows.stream().map(ScoreRow::hfText).toList();
        KtoTokenization.Result result = KtoTokenization.of(hf, maxLength).tokenize(texts);
        for (KtoTokenization.Row row : result.rows()) {
            kept.put(row.index(), new SequenceBatcher.Sequence(row.promptIds(), row.completionIds(), row.cut() > 0));
        }
        Map<Integer, String> dropped = new LinkedHashMap<>();
        for (int index : result.dropped()) {
            dropped.put(index, "prompt fills max length " + maxLength);
        }
        return new RowSequences(kept, dropped, new ArrayList<>(result.warnings()));
    }
}
