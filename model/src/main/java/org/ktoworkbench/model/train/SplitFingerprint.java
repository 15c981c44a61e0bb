package org.ktoworkbench.model.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.store.DatasetInfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The data a run trains and evaluates on: a SHA-256 over the ordered train rows and one over the ordered eval rows
 * (each row's prompt, completion and label, length-prefixed UTF-8: what the trainer reads), with the row counts and the
 * split's settings so a message can say what changed. Ordered row contents rather than, say, the sorted eval prompts:
 * an {@code import --replace} can change completions or labels and keep every prompt, and the same rows in another
 * order shuffle into other micro-batches, so a resume would no longer be exact.
 */
record SplitFingerprint(String train, String eval, int trainRows, int evalRows, Double evalFraction, Long splitSeed) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SplitFingerprint of(List<Example> train, List<Example> eval, DatasetInfo dataset) {
        return new SplitFingerprint(sha256(train), sha256(eval), train.size(), eval.size(), dataset.evalFraction(),
                dataset.splitSeed());
    }

    /** Same rows on each side, in the same order. */
    boolean sameRows(SplitFingerprint other) {
        return train.equals(other.train) && eval.equals(other.eval);
    }

    /** "eval fraction 0.1, seed 0, 2312 train and 244 eval rows" */
    String describe() {
        String split = evalFraction == null ? "no split" : String.format(Locale.ROOT, "eval fraction %s, seed %d",
                evalFraction, splitSeed);
        return split + ", " + trainRows + " train and " + evalRows + " eval rows";
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SplitFingerprint fromJson(String json) {
        try {
            return JSON.readValue(json, SplitFingerprint.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable split fingerprint in the workspace: " + e.getOriginalMessage(), e);
        }
    }

    private static String sha256(List<Example> rows) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Example row : rows) {
            field(digest, row.prompt());
            field(digest, row.completion());
            digest.update((byte) (row.desirable() ? 1 : 0));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
