package org.ktoworkbench.model.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.data.UserText;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigException;
import org.ktoworkbench.model.train.RunConfigJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The points of a sweep: every combination of the grid values, times {@code random} draws over the ranges (one empty
 * draw when there are none), times {@code seeds} replicates (seed = the base config's seed + replicate). A point is a
 * JSON object of run config fields by dotted name, {@code seed} always among them. Draws are seeded from the base
 * seed and the number of points drawn before, so the same definition always gives the same points.
 */
public final class SweepSpace {
    private SweepSpace() {}

    /** Parses {@code FIELD=V1,V2,...}: numbers and true/false as JSON values, anything else as text. */
    public static Map.Entry<String, List<JsonNode>> parseGrid(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("--grid '" + UserText.clip(text) + "': expected FIELD=V1,V2,...");
        }
        List<JsonNode> values = new ArrayList<>();
        for (String v : text.substring(eq + 1).split(",")) {
            if (v.isBlank()) throw new IllegalArgumentException("--grid '" + UserText.clip(text) + "': an empty value");
            values.add(value(v.trim()));
        }
        return Map.entry(text.substring(0, eq).trim(), values);
    }

    /** Parses {@code FIELD=LO:HI} or {@code FIELD=LO:HI:log}. */
    public static Map.Entry<String, SweepSpec.Range> parseRange(String text) {
        int eq = text.indexOf('=');
        String[] parts = eq <= 0 ? new String[0] : text.substring(eq + 1).split(":");
        try {
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("log"))) throw new NumberFormatException();
            double low = Double.parseDouble(parts[0]);
            double high = Double.parseDouble(parts[1]);
            boolean log = parts.length == 3;
            if (!(low < high) || (log && !(low > 0))) {
                throw new IllegalArgumentException("--range '" + UserText.clip(text) + "': need LO < HI"
                        + (log ? " and LO > 0 for a log range" : ""));
            }
            return Map.entry(text.substring(0, eq).trim(), new SweepSpec.Range(low, high, log));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--range '" + UserText.clip(text) + "': expected FIELD=LO:HI or FIELD=LO:HI:log");
        }
    }

    private static JsonNode value(String v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v.equals("true") || v.equals("false")) return f.booleanNode(Boolean.parseBoolean(v));
        try {
            return f.numberNode(Long.parseLong(v));
        } catch (NumberFormatException notLong) {
            try {
                return f.numberNode(Double.parseDouble(v));
            } catch (NumberFormatException notNumber) {
                return f.textNode(v);
            }
        }
    }

    /** The points of {@code spec} over {@code base}; {@code drawnBefore} points drawn for this sweep already. */
    public static List<ObjectNode> points(SweepSpec spec, RunConfig base, int drawnBefore) {
        List<ObjectNode> combinations = new ArrayList<>();
        combinations.add(JsonNodeFactory.instance.objectNode());
        for (Map.Entry<String, List<JsonNode>> field : spec.grid().entrySet()) {
            List<ObjectNode> next = new ArrayList<>();
            for (ObjectNode partial : combinations) {
                for (JsonNode value : field.getValue()) next.add(partial.deepCopy().set(field.getKey(), value));
            }
            combinations = next;
        }
        int draws = spec.ranges().isEmpty() ? 1 : Math.max(1, spec.random());
        Random random = new Random(base.seed() * 1_000_003L + drawnBefore);
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode combination : combinations) {
            for (int d = 0; d < draws; d++) {
                ObjectNode drawn = combination.deepCopy();
                spec.ranges().forEach((field, range) -> drawn.put(field, draw(range, random)));
                for (int r = 0; r < Math.max(1, spec.seeds()); r++) {
                    ObjectNode point = drawn.deepCopy();
                    if (!point.has("seed")) point.put("seed", base.seed() + r);
                    out.add(point);
                }
            }
        }
        return out;
    }

    private static double draw(SweepSpec.Range range, Random random) {
        double u = random.nextDouble();
        return range.log() ? Math.exp(Math.log(range.low()) + u * (Math.log(range.high()) - Math.log(range.low())))
                : range.low() + u * (range.high() - range.low());
    }

    /**
     * The run config of one point: {@code base} with the point's fields. A field the config does not have, a value of
     * the wrong type or out of bounds is an error naming the point's values.
     */
    public static RunConfig config(RunConfig base, ObjectNode point) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        point.fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue()));
        try {
            return RunConfigJson.withOverrides(base, overrides).requireValid();
        } catch (RunConfigException e) {
            throw new IllegalArgumentException("sweep point " + point + ": " + e.getMessage(), e);
        }
    }
}
