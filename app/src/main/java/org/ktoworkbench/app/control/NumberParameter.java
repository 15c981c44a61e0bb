package org.ktoworkbench.app.control;

import java.util.Locale;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A numeric setting typed as text: the text the user sees, the last valid value, and an error
 * message while the text is not a valid value (the value then keeps its last valid state, so
 * nothing invalid ever reaches a run).
 */
public final class NumberParameter {
    private final String label;
    private final double min;
    private final double max;
    private final boolean integer;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyDoubleWrapper value = new ReadOnlyDoubleWrapper(this, "value");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** The value an empty field stands for; NaN: an empty field is an error. */
    private double blankValue = Double.NaN;

    private NumberParameter(String label, double min, double max, boolean integer, double initial) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.integer = integer;
        text.addListener((obs, old, now) -> parse(now));
        set(initial);
    }

    public static NumberParameter decimal(String label, double min, double max, double initial) {
        return new NumberParameter(label, min, max, false, initial);
    }

    public static NumberParameter integer(String label, long min, long max, long initial) {
        return new NumberParameter(label, min, max, true, initial);
    }

    /** Lets an empty field stand for {@code value} (a "default" setting such as max length 0). */
    public NumberParameter blankMeans(double value) {
        blankValue = value;
        parse(text.get());
        return this;
    }

    public void set(double v) {
        text.set(format(v));
    }

    private void parse(String s) {
        String trimmed = s == null ? "" : s.strip();
        if (trimmed.isEmpty() && !Double.isNaN(blankValue)) {
            error.set("");
            value.set(blankValue);
            return;
        }
        double v;
        try {
            v = integer ? Long.parseLong(trimmed) : Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            error.set(label + ": '" + trimmed + "' is not " + (integer ? "a whole number" : "a number"));
            return;
        }
        if (!Double.isFinite(v) || v < min || v > max) {
            error.set(label + " must be between " + format(min) + " and " + format(max));
            return;
        }
        error.set("");
        value.set(v);
    }

    private String format(double v) {
        if (integer) {
            return Long.toString(Math.round(v));
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    public String label() {
        return label;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyDoubleProperty valueProperty() {
        return value.getReadOnlyProperty();
    }

    public double value() {
        return value.get();
    }

    public long longValue() {
        return Math.round(value.get());
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean isValid() {
        return error.get().isEmpty();
    }
}
