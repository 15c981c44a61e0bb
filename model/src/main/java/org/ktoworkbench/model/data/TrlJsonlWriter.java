package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes rows as TRL's unpaired KTO JSONL, byte-for-byte stable: one compact object per line, keys
 * {@code prompt, completion, label}, then {@code pair_id} when the row has one, then the metadata
 * columns in their original order; {@code \n} after every line; UTF-8 without escaping non-ASCII.
 * Conversational content is written back as its message list.
 */
public final class TrlJsonlWriter implements Closeable {
    private final JsonGenerator generator;

    public TrlJsonlWriter(OutputStream out) throws IOException {
        generator = Json.MAPPER.getFactory().createGenerator(out);
        generator.setRootValueSeparator(null);
    }

    public void write(DatasetRow row) throws IOException {
        generator.writeStartObject();
        writeContent("prompt", row.prompt());
        writeContent("completion", row.completion());
        generator.writeBooleanField("label", row.desirable());
        if (row.pairId() != null) {
            generator.writeStringField(RowInterpreter.PAIR_ID, row.pairId());
        }
        for (Map.Entry<String, JsonNode> field : row.metadata().properties()) {
            generator.writeFieldName(field.getKey());
            generator.writeTree(field.getValue());
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
    }

    private void writeContent(String name, Content content) throws IOException {
        generator.writeFieldName(name);
        if (content.conversational()) {
            generator.writeTree(Json.MAPPER.readTree(content.messagesJson()));
        } else {
            generator.writeString(content.text());
        }
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}
