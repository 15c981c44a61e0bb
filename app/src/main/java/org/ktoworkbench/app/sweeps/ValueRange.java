package org.ktoworkbench.app.sweeps;

import java.util.Map;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.ktoworkbench.model.sweep.SweepSpace;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.train.RunConfig;

/**
 * The range one field's random draws come from, typed as "0.05:0.5", uniform or log-uniform: blank means the field is
 * not drawn. Parsed by the engine's own {@link SweepSpace#parseRange} (the CLI's {@code --range FIELD=LO:HI[:log]}), and
 * both ends checked against the run config's bounds, so the form refuses what a run would.
 */
public final class ValueRange {
    private final SweepField field;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanProperty log = new SimpleBooleanProperty(this, "log", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private SweepSpec.Range range;

    public ValueRange(SweepField field) {
        this.field = field;
    }

    /** Parses the text over {@code base}; sets {@link #errorProperty()} to the problem, if any. */
    public void validate(RunConfig base) {
        range = null;
        String all = text.get() == null ? "" : text.get().strip();
        if (all.isEmpty()) {
            error.set("");
            return;
        }
        SweepSpec.Range parsed;
        try {
            parsed = SweepSpace.parseRange(field.configName() + "=" + all + (log.get() ? ":log" : "")).getValue();
        } catch (IllegalArgumentException e) {
            error.set(field.label() + " range: " + withoutFlag(e.getMessage()));
            return;
        }
        for (double end : new double[] {parsed.low(), parsed.high()}) {
            String problem = ValueList.boundsProblem(field, base, end);
            if (problem != null) {
                error.set(field.label() + " range end " + end + ": " + problem);
                return;
            }
        }
        error.set("");
        range = parsed;
    }

    /** The engine's message names the CLI flag and echoes the text ("--range 'beta=…': need LO < HI"): keep the reason. */
    private static String withoutFlag(String message) {
        int cut = message.indexOf("': ");
        String reason = cut < 0 ? message : message.substring(cut + 3);
        return reason.replace("FIELD=", "");
    }

    /** The range as the sweep stores it, as an entry for {@link SweepSpec#ranges()}; null while blank or invalid. */
    public Map.Entry<String, SweepSpec.Range> entry() {
        return range == null ? null : Map.entry(field.configName(), range);
    }

    public SweepField field() {
        return field;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** Log-uniform draws (both ends must be positive). */
    public BooleanProperty logProperty() {
        return log;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean isValid() {
        return error.get().isEmpty();
    }

    public boolean isBlank() {
        return text.get() == null || text.get().isBlank();
    }
}
