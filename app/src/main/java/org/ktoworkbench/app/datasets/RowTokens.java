package org.ktoworkbench.app.datasets;

import java.util.ArrayList;
import java.util.List;

import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.RowText;
import org.ktoworkbench.model.nn.SequenceBatcher;
import org.ktoworkbench.model.score.RowSequences;
import org.ktoworkbench.model.score.ScoreRow;
import org.ktoworkbench.model.text.ChatMessage;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.Tokenizer;
import org.ktoworkbench.model.train.RunConfig;

/**
 * One dataset row as a run on a model folder tokenizes it ({@link RowSequences}, the trainer's tokenization): the
 * prompt's tokens and the completion's apart, how many tokens the max length cuts, or why the row is dropped (its
 * tokens are then shown uncut), and a conversational row's turns as the chat template receives them.
 *
 * @param maxLength     the max length the run would use (the setting, or the default, capped at the context + 1)
 * @param promptCut     prompt tokens the max length cuts (the built-in GPT cuts the prompt's left)
 * @param completionCut completion tokens the max length cuts off the end
 * @param dropped       why training drops the row; null when it keeps it
 * @param warnings      what the trainer would log about this row
 * @param turns         the messages of a conversational row; empty for plain text
 */
public record RowTokens(int maxLength, List<Token> prompt, List<Token> completion, int promptCut, int completionCut,
                        String dropped, List<String> warnings, List<Turn> turns) {

    /** A token id and its text (special tokens included, as the tokenizer writes them). */
    public record Token(int id, String text, boolean special) {
    }

    /** One message of a conversational row; {@code completion} for the messages after the prompt. */
    public record Turn(String role, String content, boolean completion) {
    }

    /** @param maxLengthSetting the run's max length setting, 0 for the default */
    public static RowTokens of(Tokenizer tokenizer, int context, Example example, int maxLengthSetting) {
        int maxLength = RunConfig.effectiveMaxLength(maxLengthSetting, true, context);
        List<ScoreRow> row = List.of(ScoreRow.of(example));
        RowSequences limited = RowSequences.of(tokenizer, row, maxLength);
        SequenceBatcher.Sequence whole = RowSequences.of(tokenizer, row, Integer.MAX_VALUE).kept().get(0);
        SequenceBatcher.Sequence kept = limited.kept().get(0);
        SequenceBatcher.Sequence shown = kept != null ? kept : whole;
        return new RowTokens(maxLength, tokens(tokenizer, shown.promptIds()), tokens(tokenizer, shown.completionIds()),
                whole.promptIds().length - shown.promptIds().length,
                whole.completionIds().length - shown.completionIds().length,
                limited.dropped().get(0), List.copyOf(limited.warnings()), turns(example));
    }

    private static List<Token> tokens(Tokenizer tokenizer, int[] ids) {
        List<Token> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(new Token(id, text(tokenizer, id), tokenizer.isSpecial(id)));
        }
        return out;
    }

    private static String text(Tokenizer tokenizer, int id) {
        if (tokenizer instanceof HfTokenizer hf) {
            return hf.decode(new int[] {id}, false);
        }
        if (id == tokenizer.bosId()) {
            return "<bos>";
        }
        if (id == tokenizer.eosId()) {
            return "<eos>";
        }
        return id == tokenizer.padId() ? "<pad>" : tokenizer.decode(new int[] {id});
    }

    private static List<Turn> turns(Example example) {
        if (!example.conversational()) {
            return List.of();
        }
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage m : RowText.messages(example.promptMessages())) {
            turns.add(new Turn(m.role(), m.content(), false));
        }
        for (ChatMessage m : RowText.messages(example.completionMessages())) {
            turns.add(new Turn(m.role(), m.content(), true));
        }
        return turns;
    }

    /** Tokens training sees: prompt and completion together. */
    public int keptTokens() {
        return dropped == null ? prompt.size() + completion.size() : 0;
    }
}
