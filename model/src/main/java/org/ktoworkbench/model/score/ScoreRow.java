package org.ktoworkbench.model.score;

import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.RowText;
import org.ktoworkbench.model.text.KtoText;

/**
 * One row to score. {@code promptText}/{@code completionText} are the stored text (conversational rows rendered by
 * the import's template, what the built-in model trains on); {@code conversation} keeps the messages of a
 * conversational row, for a Hugging Face chat template (null for plain text).
 */
public record ScoreRow(String promptText, String completionText, KtoText.Conversational conversation,
                       boolean desirable) {

    public static ScoreRow of(Example example) {
        return new ScoreRow(example.prompt(), example.completion(),
                RowText.of(example) instanceof KtoText.Conversational c ? c : null, example.desirable());
    }

    /** The text as a Hugging Face tokenization takes it: messages where the row has them. */
    KtoText hfText() {
        return conversation != null ? conversation : new KtoText.Plain(promptText, completionText);
    }
}
