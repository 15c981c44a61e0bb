package org.ktoworkbench.app.setup;

import java.nio.file.Path;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.model.loading.ModelInspection;
import org.ktoworkbench.model.train.AvailableMemory;
import org.ktoworkbench.model.train.ModelCard;

/**
 * The model card of the chosen folder, what {@code inspect-model} prints: the folder is read off the FX thread when it
 * changes (config.json, the safetensors headers and the tokenizer, no weights), and the memory line is redone at once
 * when the batch or max length changes.
 */
public final class ModelCardViewModel {
    private record Inspected(ModelInspection inspection, long availableBytes) {
    }

    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<ModelCard> card = new ReadOnlyObjectWrapper<>(this, "card");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper(this, "reading");
    private Inspected inspected;
    private int batch = 2;
    private int maxLength;
    private long generation;

    ModelCardViewModel(TaskExecutor executor) {
        this.executor = executor;
    }

    /** Reads {@code folder} (null: no folder, no card). */
    void inspect(Path folder) {
        long mine = ++generation;
        inspected = null;
        card.set(null);
        error.set("");
        if (folder == null) {
            reading.set(false);
            return;
        }
        reading.set(true);
        executor.execute(BackgroundTask.of("Reading model folder " + folder,
                        ctx -> new Inspected(ModelInspection.of(folder), AvailableMemory.bytes()))
                .onSuccess(result -> {
                    if (mine == generation) {
                        inspected = result;
                        reading.set(false);
                        show();
                    }
                })
                .onFailure(e -> {
                    if (mine == generation) {
                        reading.set(false);
                        error.set(e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                }));
    }

    /** The run's micro-batch and max length (0: the default), which the memory line is for. */
    void sizeFor(int batch, int maxLength) {
        this.batch = Math.max(2, batch);
        this.maxLength = Math.max(0, maxLength);
        show();
    }

    private void show() {
        if (inspected != null) {
            card.set(ModelCard.of(inspected.inspection(), batch, maxLength, inspected.availableBytes()));
        }
    }

    /** The card of the folder read last; null while reading, on an error, or with no folder. */
    public ReadOnlyObjectProperty<ModelCard> cardProperty() {
        return card.getReadOnlyProperty();
    }

    /** Why the folder cannot be read, naming the file; empty when it can. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readingProperty() {
        return reading.getReadOnlyProperty();
    }
}
