package org.ktoworkbench.model.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingJsonFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Token strings and ids as {@code tokenizer.json} lists them (the model's vocabulary plus {@code added_tokens}), which
 * DJL's tokenizer does not expose: needed for the vocabulary size and the ids of BOS/EOS/PAD.
 */
final class HfVocabulary {
    private static final MappingJsonFactory FACTORY = new MappingJsonFactory();
    private final Map<String, Integer> ids;
    private final Set<Integer> specialIds;
    private final int size;

    private HfVocabulary(Map<String, Integer> ids, Set<Integer> specialIds) {
        this.ids = Map.copyOf(ids);
        this.specialIds = specialIds;
        this.size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    /** Streams the file: a tree of a 10 MB tokenizer.json took seconds, most of it the merges this skips. */
    static HfVocabulary read(Path tokenizerJson) {
        Map<String, Integer> ids = new HashMap<>();
        Set<Integer> specialIds = new HashSet<>();
        boolean sawVocab = false;
        try (JsonParser parser = FACTORY.createParser(tokenizerJson.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new TokenizerFileException(tokenizerJson + ": expected a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("added_tokens")) {
                    readAddedTokens(parser.readValueAsTree(), ids, specialIds);
                } else if (field.equals("model") && parser.currentToken() == JsonToken.START_OBJECT) {
                    sawVocab = readModelVocab(parser, ids);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new TokenizerFileException(tokenizerJson + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenizerFileException(tokenizerJson + ": cannot be read: " + e.getMessage(), e);
        }
        if (!sawVocab) throw new TokenizerFileException(tokenizerJson + ": field model.vocab is missing");
        return new HfVocabulary(ids, Set.copyOf(specialIds));
    }

    private static void readAddedTokens(JsonNode added, Map<String, Integer> ids, Set<Integer> specialIds) {
        for (JsonNode token : added) {
            int id = token.path("id").asInt();
            ids.put(token.path("content").asText(), id);
            if (token.path("special").asBoolean(false)) specialIds.add(id);
        }
    }

    /** BPE, WordPiece, WordLevel: {token: id}; Unigram: [[token, score], ...] by id. Added tokens win over these. */
    private static boolean readModelVocab(JsonParser parser, Map<String, Integer> ids) throws IOException {
        boolean sawVocab = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!field.equals("vocab")) {
                parser.skipChildren();
            } else if (value == JsonToken.START_OBJECT) {
                sawVocab = true;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String token = parser.currentName();
                    parser.nextToken();
                    ids.putIfAbsent(token, parser.getIntValue());
                }
            } else if (value == JsonToken.START_ARRAY) {
                sawVocab = true;
                for (int id = 0; parser.nextToken() == JsonToken.START_ARRAY; id++) {
                    parser.nextToken();
                    ids.putIfAbsent(parser.getText(), id);
                    while (parser.nextToken() != JsonToken.END_ARRAY) parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
        }
        return sawVocab;
    }

    OptionalInt id(String token) {
        Integer id = token == null ? null : ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Ids of added tokens marked special (what {@code skip_special_tokens} drops). */
    boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    int size() {
        return size;
    }
}
