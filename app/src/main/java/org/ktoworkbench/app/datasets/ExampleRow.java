package org.ktoworkbench.app.datasets;

import org.ktoworkbench.model.data.Example;

/** One row of the examples table: its position in the dataset and the example; previews are cut on demand. */
public record ExampleRow(int ordinal, Example example) {
    static final int PREVIEW_CHARS = 140;

    public boolean desirable() {
        return example.desirable();
    }

    public int promptLength() {
        return example.prompt().length();
    }

    public int completionLength() {
        return example.completion().length();
    }

    public String promptPreview() {
        return preview(example.prompt());
    }

    public String completionPreview() {
        return preview(example.completion());
    }

    static String preview(String text) {
        String flat = text.length() > PREVIEW_CHARS * 2 ? text.substring(0, PREVIEW_CHARS * 2) : text;
        flat = flat.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return flat.length() > PREVIEW_CHARS ? flat.substring(0, PREVIEW_CHARS) + "…" : flat;
    }
}
