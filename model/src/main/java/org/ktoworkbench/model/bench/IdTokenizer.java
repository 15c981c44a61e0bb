package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.text.Tokenizer;

import java.util.StringJoiner;

/**
 * Token ids written as decimal numbers separated by single spaces ({@code "17 4 200"}): a tokenizer for synthetic
 * data over a vocabulary of any size. The top three ids are BOS, EOS and PAD; ordinary tokens are
 * {@code 0 .. vocabSize - 4}.
 */
public final class IdTokenizer implements Tokenizer {
    private final int vocabSize;

    public IdTokenizer(int vocabSize) {
        if (vocabSize < 4) {
            throw new IllegalArgumentException("vocabulary must hold at least one token and BOS, EOS and PAD (4 ids), got "
                    + vocabSize);
        }
        this.vocabSize = vocabSize;
    }

    /** Ids an ordinary (non-special) token may take: {@code 0 .. ordinaryTokens() - 1}. */
    public int ordinaryTokens() {
        return vocabSize - 3;
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(" ", -1);
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("token " + (i + 1) + " '" + parts[i] + "' is not a decimal id");
            }
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token " + (i + 1) + " id " + ids[i] + " is outside the vocabulary [0, "
                        + vocabSize + ")");
            }
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        StringJoiner text = new StringJoiner(" ");
        for (int id : ids) {
            if (!isSpecial(id)) {
                text.add(Integer.toString(id));
            }
        }
        return text.toString();
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int bosId() {
        return vocabSize - 3;
    }

    @Override
    public int eosId() {
        return vocabSize - 2;
    }

    @Override
    public int padId() {
        return vocabSize - 1;
    }
}
