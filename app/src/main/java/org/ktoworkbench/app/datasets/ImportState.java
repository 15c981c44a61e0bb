package org.ktoworkbench.app.datasets;

import java.util.List;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.model.data.DataError;
import org.ktoworkbench.model.data.InvalidDatasetException;
import org.ktoworkbench.model.store.ImportCancelledException;

/** The state of the latest import: running with its progress, or failed with its list of problems. */
public final class ImportState {
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper errorTitle = new ReadOnlyStringWrapper(this, "errorTitle", "");
    private final ObservableList<String> errors = FXCollections.observableArrayList();

    void started(String fileName) {
        running.set(true);
        progress.set(-1);
        message.set("Importing " + fileName + "…");
        errorTitle.set("");
        errors.clear();
    }

    /** A fraction in [0, 1], or -1 while the step has no measurable progress; a null text keeps the message. */
    void progressed(double fraction, String text) {
        if (!running.get()) {
            return;
        }
        progress.set(fraction);
        if (text != null && !text.isBlank()) {
            message.set(text);
        }
    }

    void succeeded(String text) {
        running.set(false);
        progress.set(1);
        message.set(text);
    }

    /** Shows every problem with file, line and field; a failure without such detail shows its message. */
    void failed(Throwable error) {
        running.set(false);
        progress.set(0);
        message.set("");
        if (error instanceof ImportCancelledException) {
            message.set("Import cancelled; nothing was imported.");
        } else if (error instanceof InvalidDatasetException invalid) {
            List<String> lines = invalid.errors().stream().map(DataError::format).toList();
            long hidden = invalid.totalErrors() - lines.size();
            errorTitle.set(invalid.getMessage() + (hidden > 0 ? " (first " + lines.size() + " shown)" : ""));
            errors.setAll(lines);
        } else {
            errorTitle.set("Import failed; nothing was imported");
            errors.setAll(error.getMessage() == null ? error.toString() : error.getMessage());
        }
    }

    public void dismissErrors() {
        errorTitle.set("");
        errors.clear();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** -1 while running (the store reports no partial progress), 1 when done. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorTitleProperty() {
        return errorTitle.getReadOnlyProperty();
    }

    /** One line per problem: {@code file:line: field: message}. */
    public ObservableList<String> errors() {
        return FXCollections.unmodifiableObservableList(errors);
    }
}
