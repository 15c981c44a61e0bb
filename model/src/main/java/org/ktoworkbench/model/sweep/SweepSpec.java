package org.ktoworkbench.model.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep searches: a base run config (JSON, as {@code RunConfigJson} writes it) or a completed run to start KTO
 * from, grid values per run config field, {@code random} draws over ranges, {@code seeds} replicates of each point, and
 * the metric to optimise at each run's last eval point.
 *
 * @param fromRunId  a completed run whose model every point starts from (no SFT); null: the sweep trains its own
 *                   shared SFT base(s) when the config asks for SFT
 * @param earlyStop  {@code none} or {@code asha}
 */
public record SweepSpec(String name, String baseConfigJson, Long fromRunId, Map<String, List<JsonNode>> grid,
                        int random, Map<String, Range> ranges, int seeds, String metric, Goal goal, String earlyStop) {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String DEFAULT_METRIC = "winrate";

    public enum Goal { MAX, MIN }

    /** A range a random draw takes a value from, uniform or (log) log-uniform. */
    public record Range(double low, double high, boolean log) {}

    public SweepSpec {
        grid = grid == null ? Map.of() : new LinkedHashMap<>(grid);
        ranges = ranges == null ? Map.of() : new LinkedHashMap<>(ranges);
    }

    public boolean asha() {
        return "asha".equals(earlyStop);
    }

    /** Whether {@code value} is better than {@code than} under the goal. */
    public boolean better(double value, double than) {
        return goal == Goal.MAX ? value > than : value < than;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SweepSpec fromJson(String json) {
        try {
            return JSON.readValue(json, SweepSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt sweep definition in the workspace: " + e.getOriginalMessage(), e);
        }
    }
}
