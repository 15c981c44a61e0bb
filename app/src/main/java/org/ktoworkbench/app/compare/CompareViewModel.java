package org.ktoworkbench.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.chart.MetricChartSet;
import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.run.MetricCursor;
import org.ktoworkbench.app.run.RunCharts;
import org.ktoworkbench.app.runs.RunRow;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

/** Overlays the curves of several runs on the comparison charts, with their settings and final metrics side by side. */
public final class CompareViewModel {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final MetricChartSet charts = new MetricChartSet(RunCharts.comparison());
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Select runs on the Runs page to compare them.");

    public CompareViewModel(Workspace workspace, TaskExecutor executor, EventBus bus) {
        this.workspace = workspace;
        this.executor = executor;
        bus.subscribe(WorkbenchEvents.CompareRuns.class, e -> show(e.runIds()));
    }

    private record Loaded(RunInfo run, Map<Long, Map<String, Double>> metrics) {
    }

    public void show(List<Long> runIds) {
        title.set("Loading " + runIds.size() + " run(s)…");
        executor.execute(BackgroundTask.of("Loading runs to compare", ctx -> {
                    List<Loaded> loaded = new ArrayList<>();
                    for (long id : runIds) {
                        RunInfo run = workspace.runs().run(id)
                                .orElseThrow(() -> new IllegalArgumentException("no run #" + id + " in this workspace"));
                        loaded.add(new Loaded(run, new MetricCursor(workspace.runs(), id).next()));
                    }
                    return loaded;
                })
                .onSuccess(loaded -> {
                    charts.clear();
                    runs.setAll(loaded.stream().map(l -> RunRow.of(l.run())).toList());
                    List<String> names = new ArrayList<>();
                    for (Loaded l : loaded) {
                        String label = "#" + l.run().id() + " " + l.run().name();
                        names.add(label);
                        charts.defineSeries(label);
                        l.metrics().forEach((step, values) -> charts.add(label, step, values));
                    }
                    title.set("Comparing " + String.join(", ", names));
                })
                .onFailure(e -> title.set("Could not load runs: " + e.getMessage())));
    }

    public MetricChartSet charts() {
        return charts;
    }

    /** The compared runs with their hyperparameters and final metrics, in the order they were asked for. */
    public ObservableList<RunRow> runs() {
        return runs;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
