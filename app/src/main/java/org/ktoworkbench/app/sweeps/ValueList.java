package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.ktoworkbench.app.chart.ValueFormat;
import org.ktoworkbench.model.train.ConfigProblem;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

/**
 * The values one field takes in a sweep, typed as "0.05, 0.1, 0.5": blank keeps the base config's value. Each value
 * is checked against the run config's own bounds ({@link RunConfig#problems()}), so the form refuses what a run would.
 */
public final class ValueList {
    private final SweepField field;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper baseValue = new ReadOnlyStringWrapper(this, "baseValue", "");
    private List<Double> values = List.of();

    public ValueList(SweepField field) {
        this.field = field;
    }

    /** Parses the text and checks each value over {@code base}; sets {@link #errorProperty()} to the first problem. */
    public void validate(RunConfig base) {
        baseValue.set(ValueFormat.compact(field.valueIn(base).doubleValue()));
        List<Double> parsed = new ArrayList<>();
        String problem = parse(base, parsed);
        error.set(problem == null ? "" : problem);
        values = problem == null ? List.copyOf(parsed) : List.of();
    }

    private String parse(RunConfig base, List<Double> out) {
        String all = text.get() == null ? "" : text.get().strip();
        if (all.isEmpty()) {
            return null;
        }
        for (String part : all.split(",", -1)) {
            String v = part.strip();
            if (v.isEmpty()) {
                return field.label() + ": an empty value between commas";
            }
            double value;
            try {
                value = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return field.label() + ": '" + v + "' is not a number";
            }
            if (field.integer() && (value != Math.rint(value) || Math.abs(value) > 1e15)) {
                return field.label() + ": '" + v + "' is not a whole number";
            }
            if (out.contains(value)) {
                return field.label() + ": " + v + " is given twice";
            }
            String outOfBounds = boundsProblem(field, base, value);
            if (outOfBounds != null) {
                return field.label() + " " + v + ": " + outOfBounds;
            }
            out.add(value);
        }
        return null;
    }

    /** The run config's own complaint about {@code field} = {@code value} over {@code base}, or null when it takes it. */
    static String boundsProblem(SweepField field, RunConfig base, double value) {
        for (ConfigProblem p : RunConfigJson.withOverrides(base, Map.of(field.configName(), json(field, value))).problems()) {
            if (p.field().equals(field.configName())) {
                return p.message();
            }
        }
        return null;
    }

    private JsonNode json(double value) {
        return json(field, value);
    }

    private static JsonNode json(SweepField field, double value) {
        return field.integer() ? JsonNodeFactory.instance.numberNode((long) value) : JsonNodeFactory.instance.numberNode(value);
    }

    /** The grid values as the sweep stores them (whole numbers for integer fields); empty: not swept. */
    public List<JsonNode> jsonValues() {
        return values.stream().map(this::json).toList();
    }

    /** The values as numbers; empty while the text is blank or invalid. */
    public List<Double> values() {
        return values;
    }

    public SweepField field() {
        return field;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** The base config's value, which a blank field keeps. */
    public ReadOnlyStringProperty baseValueProperty() {
        return baseValue.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean isValid() {
        return error.get().isEmpty();
    }
}
