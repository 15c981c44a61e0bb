package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one Jackson configuration used for dataset files: strict on input, deterministic on output. */
public final class Json {
    /**
     * Duplicate keys are errors; decimals keep their written digits (BigDecimal) so that export
     * writes back {@code 1.50} as {@code 1.50}.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** For one-document texts (a JSONL line): content after the value is an error. */
    public static final ObjectReader SINGLE_VALUE = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }
}
