package org.ktoworkbench.app.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.MetricsCsv;
import org.ktoworkbench.model.train.RunDeletion;

/**
 * Every run in the workspace (GUI or CLI), filtered by text and status; notes, CSV export, and
 * hand-over to the comparison and monitor pages.
 */
public final class RunsViewModel {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final RunLauncher launcher;
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList();
    private final FilteredList<RunRow> visible = new FilteredList<>(rows);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    /** null: every status. */
    private final ObjectProperty<RunStatus> statusFilter = new SimpleObjectProperty<>(this, "statusFilter");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    public RunsViewModel(Workspace workspace, TaskExecutor executor, EventBus bus, RunLauncher launcher) {
        this.workspace = workspace;
        this.launcher = launcher;
        this.executor = executor;
        this.bus = bus;
        filterText.addListener((obs, old, now) -> refilter());
        statusFilter.addListener((obs, old, now) -> refilter());
        bus.subscribe(WorkbenchEvents.RunsChanged.class, e -> reload());
    }

    public void reload() {
        executor.execute(BackgroundTask.of("Listing runs",
                        ctx -> workspace.runs().listRuns().stream().map(RunRow::of).toList())
                .onSuccess(list -> {
                    rows.setAll(list);
                    refilter();
                })
                .onFailure(e -> message.set("Could not list runs: " + e.getMessage())));
    }

    public void saveNotes(RunRow row, String notes) {
        executor.execute(BackgroundTask.of("Saving notes", ctx -> {
                    workspace.runs().setNotes(row.id(), notes);
                    return null;
                })
                .onSuccess(v -> {
                    message.set("Notes saved for " + row.label());
                    reload();
                })
                .onFailure(e -> message.set("Could not save notes: " + e.getMessage())));
    }

    public void exportCsv(RunRow row, Path file) {
        executor.execute(BackgroundTask.of("Exporting metrics", ctx -> {
                    MetricsCsv.write(workspace.runs().metrics(row.id()), file, true); // the file chooser asked
                    return file;
                })
                .onSuccess(f -> message.set("Wrote " + f))
                .onFailure(e -> message.set("Could not export " + file + ": " + e.getMessage())));
    }

    public void compare(List<RunRow> selected) {
        if (selected.isEmpty()) {
            message.set("Select one or more runs to compare.");
            return;
        }
        bus.publish(new WorkbenchEvents.CompareRuns(selected.stream().map(RunRow::id).toList()));
        bus.publish(new WorkbenchEvents.Navigate(Page.COMPARE));
    }

    /** Continues an interrupted (or cancelled, or failed) run from its last checkpoint and shows it on the monitor. */
    public void resume(RunRow row) {
        if (!canResume(row)) {
            message.set(row.label() + " is " + row.status().name().toLowerCase() + "; only an unfinished run can resume.");
            return;
        }
        if (launcher.runningProperty().get()) {
            message.set("A run is already training; wait for it or cancel it first.");
            return;
        }
        launcher.resume(row.id());
        message.set("Resuming " + row.label());
        bus.publish(new WorkbenchEvents.Navigate(Page.MONITOR));
    }

    public static boolean canResume(RunRow row) {
        return row != null && (row.status() == RunStatus.INTERRUPTED || row.status() == RunStatus.CANCELLED
                || row.status() == RunStatus.FAILED);
    }

    /**
     * Deletes the runs with their records and files, newest first so that a base selected with the runs that start from
     * it goes too. A run the store refuses (training, or the base of a run not selected) stays and says why.
     */
    public void delete(List<RunRow> selected) {
        if (selected.isEmpty()) {
            message.set("Select the runs to delete.");
            return;
        }
        List<RunRow> newestFirst = selected.stream().sorted(Comparator.comparingLong(RunRow::id).reversed()).toList();
        executor.execute(BackgroundTask.of("Deleting runs", ctx -> {
                    List<String> deleted = new ArrayList<>();
                    List<String> refused = new ArrayList<>();
                    for (RunRow row : newestFirst) {
                        try {
                            RunDeletion.delete(workspace, row.id());
                            deleted.add("#" + row.id());
                        } catch (RuntimeException e) {
                            refused.add(e.getMessage());
                        }
                    }
                    String done = deleted.isEmpty() ? "" : "Deleted " + String.join(", ", deleted) + ". ";
                    return done + (refused.isEmpty() ? "" : "Not deleted: " + String.join("; ", refused));
                })
                .onSuccess(text -> {
                    message.set(text.strip());
                    reload();
                })
                .onFailure(e -> message.set("Could not delete: " + e.getMessage())));
    }

    public void follow(RunRow row) {
        bus.publish(new WorkbenchEvents.FollowRun(row.id()));
        bus.publish(new WorkbenchEvents.Navigate(Page.MONITOR));
    }

    private void refilter() {
        String text = filterText.get();
        RunStatus status = statusFilter.get();
        visible.setPredicate(r -> r.matches(text) && (status == null || r.status() == status));
    }

    public ObservableList<RunRow> visibleRows() {
        return visible;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<RunStatus> statusFilterProperty() {
        return statusFilter;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
