package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Builds one JSON value as a tree from a streaming parser, giving up (and skipping to the value's end)
 * as soon as it spans more than a byte bound, so an oversized element never sits whole in memory.
 * Numbers become the nodes {@link Json#MAPPER} makes (exact decimals), so both paths store the same text.
 */
final class JsonElementReader {
    private final JsonParser parser;
    private final long maxBytes;
    private final JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
    private long startByte;

    JsonElementReader(JsonParser parser, long maxBytes) {
        this.parser = parser;
        this.maxBytes = maxBytes;
    }

    /**
     * The value whose first token is the parser's current one, or null when it is over the bound; either
     * way the parser is left on the value's last token, inside {@code parent} again.
     */
    JsonNode next(JsonStreamContext parent) throws IOException {
        startByte = parser.currentTokenLocation().getByteOffset();
        try {
            JsonNode node = value();
            checkSize();
            return node;
        } catch (TooLong e) {
            while (parser.getParsingContext() != parent) {
                if (parser.nextToken() == null) {
                    return null; // truncated: the caller's next read reports it
                }
            }
            return null;
        }
    }

    private JsonNode value() throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    parser.nextToken();
                    checkSize();
                    object.set(name, value());
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    checkSize();
                    array.add(value());
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private void checkSize() throws TooLong {
        if (parser.currentLocation().getByteOffset() - startByte > maxBytes) {
            throw TooLong.INSTANCE;
        }
    }

    /** Unwinds the tree being built; carries nothing, so one instance without a stack trace serves. */
    private static final class TooLong extends IOException {
        static final TooLong INSTANCE = new TooLong();

        private TooLong() {
            super("value over the byte bound", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
