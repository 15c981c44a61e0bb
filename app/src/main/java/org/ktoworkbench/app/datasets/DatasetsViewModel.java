package org.ktoworkbench.app.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
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
import org.ktoworkbench.model.data.DatasetStatistics;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.SearchHit;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetChanges;
import org.ktoworkbench.model.train.DatasetDeletion;

/**
 * The datasets page: the workspace's datasets, the selected one's rows behind label, length and
 * full-text filters, the selected row, statistics, and imports. All store access runs as
 * background tasks; results land on the UI thread.
 */
public final class DatasetsViewModel {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final EventBus bus;

    private final ObservableList<DatasetInfo> datasets = FXCollections.observableArrayList();
    private final ObjectProperty<DatasetInfo> selectedDataset = new SimpleObjectProperty<>(this, "selectedDataset");
    private final ObservableList<ExampleRow> rows = FXCollections.observableArrayList();
    private final FilteredList<ExampleRow> visibleRows = new FilteredList<>(rows);
    private final ObjectProperty<ExampleRow> selectedRow = new SimpleObjectProperty<>(this, "selectedRow");
    private final ObjectProperty<LabelFilter> labelFilter = new SimpleObjectProperty<>(this, "labelFilter", LabelFilter.ALL);
    private final IntegerProperty minLength = new SimpleIntegerProperty(this, "minLength", 0);
    private final IntegerProperty maxLength = new SimpleIntegerProperty(this, "maxLength", Integer.MAX_VALUE);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final ReadOnlyObjectWrapper<DatasetStatistics> statistics = new ReadOnlyObjectWrapper<>(this, "statistics");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ImportState importState = new ImportState();
    /** Ordinals matching the current search; null when no search is active. */
    private Set<Integer> searchMatches;
    private long generation;
    /** Set to stop the import in flight; each import gets its own. */
    private AtomicBoolean importStop;

    public DatasetsViewModel(Workspace workspace, TaskExecutor executor, EventBus bus) {
        this.workspace = workspace;
        this.executor = executor;
        this.bus = bus;
        selectedDataset.addListener((obs, old, now) -> loadRows(now));
        labelFilter.addListener((obs, old, now) -> refilter());
        minLength.addListener((obs, old, now) -> refilter());
        maxLength.addListener((obs, old, now) -> refilter());
        searchText.addListener((obs, old, now) -> search(now));
        visibleRows.addListener((javafx.collections.ListChangeListener<ExampleRow>) c -> updateStatus());
        bus.subscribe(WorkbenchEvents.DatasetsChanged.class, e -> reloadDatasets(e.selectName()));
    }

    /** Reloads the dataset list, then selects {@code selectName} (or keeps the selection, or takes the first). */
    public void reloadDatasets(String selectName) {
        executor.execute(BackgroundTask.of("Listing datasets", ctx -> workspace.datasets().list())
                .onSuccess(list -> {
                    String keep = selectName != null ? selectName
                            : selectedDataset.get() != null ? selectedDataset.get().name() : null;
                    datasets.setAll(list);
                    DatasetInfo pick = list.stream().filter(d -> d.name().equals(keep)).findFirst()
                            .orElse(list.isEmpty() ? null : list.get(0));
                    selectedDataset.set(pick);
                })
                .onFailure(this::reportFailure));
    }

    public void importFile(Path file) {
        importState.started(file.getFileName().toString());
        AtomicBoolean stop = new AtomicBoolean();
        importStop = stop;
        executor.execute(BackgroundTask.of("Importing " + file.getFileName(), ctx -> {
                    ImportProgress progress = new ImportProgress() {
                        @Override
                        public void reading(long bytesRead, long totalBytes) {
                            ctx.progress(bytesRead, totalBytes);
                        }

                        @Override
                        public void committing() {
                            ctx.message("Writing " + file.getFileName() + " into the workspace…");
                            ctx.progress(-1, 1);
                        }

                        @Override
                        public boolean isCancelled() {
                            return stop.get() || ctx.isCancelled();
                        }
                    };
                    // held-out prompts for winrate, as the CLI's train does for a file it imports
                    return DatasetChanges.importWithEvalSplit(workspace, file, ImportOptions.strict(null), progress);
                })
                .onSuccess((DatasetInfo imported) -> {
                    importState.succeeded(String.format("Imported %,d rows as '%s', format %s (%,d held out for evaluation)",
                            imported.rows(), imported.name(), imported.format(), imported.evalRows()));
                    bus.publish(new WorkbenchEvents.DatasetsChanged(imported.name()));
                })
                .onProgress(importState::progressed)
                .onFailure(importState::failed));
    }

    /** Stops the import in flight at its next check; it then imports nothing. */
    public void cancelImport() {
        if (importStop != null) {
            importStop.set(true);
        }
    }

    /** Deletes a dataset and its rows (refused while a run trains on it); runs trained on it keep their records. */
    public void delete(DatasetInfo dataset) {
        executor.execute(BackgroundTask.of("Deleting " + dataset.name(),
                        ctx -> DatasetDeletion.delete(workspace, dataset.name()))
                .onSuccess(deleted -> bus.publish(new WorkbenchEvents.DatasetsChanged(null)))
                .onFailure(this::reportFailure));
    }

    private void loadRows(DatasetInfo dataset) {
        long mine = ++generation;
        rows.clear();
        selectedRow.set(null);
        statistics.set(null);
        searchMatches = null;
        if (dataset == null) {
            updateStatus();
            return;
        }
        loading.set(true);
        status.set("Loading " + dataset.name() + "…");
        record Loaded(List<ExampleRow> rows, DatasetStatistics statistics) {
        }
        executor.execute(BackgroundTask.of("Loading " + dataset.name(), ctx -> {
                    List<Example> examples = workspace.datasets().examples(dataset.name());
                    List<ExampleRow> loaded = new ArrayList<>(examples.size());
                    for (int i = 0; i < examples.size(); i++) {
                        loaded.add(new ExampleRow(i, examples.get(i)));
                    }
                    return new Loaded(loaded, DatasetStatistics.of(examples));
                })
                .onSuccess(result -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    statistics.set(result.statistics());
                    rows.setAll(result.rows());
                    if (!searchText.get().isBlank()) {
                        search(searchText.get());
                    }
                    refilter();
                })
                .onFailure(e -> {
                    loading.set(false);
                    reportFailure(e);
                }));
    }

    private void search(String words) {
        DatasetInfo dataset = selectedDataset.get();
        if (words == null || words.isBlank() || dataset == null || words.replaceAll("[\\p{Punct}\\s]", "").isEmpty()) {
            searchMatches = null;
            refilter();
            return;
        }
        long mine = generation;
        executor.execute(BackgroundTask.of("Searching", ctx -> {
                    Set<Integer> matches = new HashSet<>();
                    for (SearchHit hit : workspace.datasets().search(dataset.name(), words, Integer.MAX_VALUE)) {
                        matches.add((int) hit.ordinal());
                    }
                    return matches;
                })
                .onSuccess(matches -> {
                    if (mine == generation && words.equals(searchText.get())) {
                        searchMatches = matches;
                        refilter();
                    }
                })
                .onFailure(this::reportFailure));
    }

    private void refilter() {
        LabelFilter label = labelFilter.get();
        int min = minLength.get();
        int max = maxLength.get();
        Set<Integer> matches = searchMatches;
        visibleRows.setPredicate(row -> label.accepts(row.desirable())
                && row.completionLength() >= min && row.completionLength() <= max
                && (matches == null || matches.contains(row.ordinal())));
        updateStatus();
    }

    private void updateStatus() {
        if (loading.get()) {
            return;
        }
        DatasetInfo d = selectedDataset.get();
        status.set(d == null ? "No dataset" : String.format("%,d of %,d rows shown", visibleRows.size(), rows.size()));
    }

    private void reportFailure(Throwable e) {
        status.set("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    public ObservableList<DatasetInfo> datasets() {
        return FXCollections.unmodifiableObservableList(datasets);
    }

    public ObjectProperty<DatasetInfo> selectedDatasetProperty() {
        return selectedDataset;
    }

    /** The filtered rows (a live view over all rows of the selected dataset). */
    public ObservableList<ExampleRow> visibleRows() {
        return visibleRows;
    }

    public int totalRows() {
        return rows.size();
    }

    public ObjectProperty<ExampleRow> selectedRowProperty() {
        return selectedRow;
    }

    public ObjectProperty<LabelFilter> labelFilterProperty() {
        return labelFilter;
    }

    /** Minimum completion length in characters. */
    public IntegerProperty minLengthProperty() {
        return minLength;
    }

    /** Maximum completion length in characters. */
    public IntegerProperty maxLengthProperty() {
        return maxLength;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ReadOnlyObjectProperty<DatasetStatistics> statisticsProperty() {
        return statistics.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ImportState importState() {
        return importState;
    }
}
