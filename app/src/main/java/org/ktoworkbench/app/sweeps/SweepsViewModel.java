package org.ktoworkbench.app.sweeps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Supplier;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.run.MetricCursor;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.model.io.ExportFile;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepCsv;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.sweep.Sweeps;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunEvent;

/**
 * The Sweeps page: the workspace's sweeps, and for the selected one its results table, every run's curves overlaid,
 * the heatmap and parallel coordinates, kept up to date while it runs (here or from the CLI) by reading the workspace
 * through one cursor per run; defining a sweep ({@link SweepForm}), running it through the {@link RunLauncher} (one
 * training at a time), pausing and cancelling it. Reads and writes happen off the FX thread.
 */
public final class SweepsViewModel {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final RunLauncher launcher;
    private final SweepForm form;
    private final ExperimentPresets presets;
    private final ObservableList<SweepSummary> sweeps = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Long> selectedId = new ReadOnlyObjectWrapper<>(this, "selectedId");
    private final ReadOnlyObjectWrapper<SweepResults> results = new ReadOnlyObjectWrapper<>(this, "results");
    private final ObservableList<SweepResults.Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Integer> bestPoint = new ReadOnlyObjectWrapper<>(this, "bestPoint");
    private final ObservableList<SettingResult> settings = FXCollections.observableArrayList();
    private final SweepOverlay overlay = new SweepOverlay();
    private final ObservableList<String> colorChoices = FXCollections.observableArrayList();
    private final ObjectProperty<String> colorBy = new SimpleObjectProperty<>(this, "colorBy");
    private final ReadOnlyObjectWrapper<Heatmap> heatmap = new ReadOnlyObjectWrapper<>(this, "heatmap");
    private final ReadOnlyObjectWrapper<ParallelCoordinates> parallel = new ReadOnlyObjectWrapper<>(this, "parallel");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "No sweep selected.");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(this, "canRun");
    private final ReadOnlyBooleanWrapper canPause = new ReadOnlyBooleanWrapper(this, "canPause");
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");

    /** The cursors over the selected sweep's runs; replaced when another sweep is selected. */
    private Tracking tracking;
    private boolean polling;
    private boolean pollAgain;
    /** The sweep this window trains, null when none. */
    private Long runningSweepId;
    private String liveStep = "";
    private double liveFraction;

    /**
     * @param setupConfig  the run screen's config (null while it has values to fix), the base of a new sweep
     * @param setupBaseRun the completed run the run screen starts from, or null
     */
    public SweepsViewModel(Workspace workspace, TaskExecutor executor, EventBus bus, RunLauncher launcher,
                           Supplier<RunConfig> setupConfig, Supplier<Long> setupBaseRun) {
        this.workspace = workspace;
        this.executor = executor;
        this.bus = bus;
        this.launcher = launcher;
        this.form = new SweepForm(setupConfig, setupBaseRun);
        this.presets = new ExperimentPresets(launcher, this::follow);
        launcher.addSink(this::onLiveEvents);
        launcher.runningProperty().addListener((obs, old, now) -> {
            if (!now) {
                if (runningSweepId != null && message.get().startsWith("Running sweep #")) {
                    message.set("");
                }
                runningSweepId = null;
                liveStep = "";
                liveFraction = 0;
            }
            updateState();
        });
        bus.subscribe(WorkbenchEvents.SweepsChanged.class, e -> pollOnce());
        bus.subscribe(WorkbenchEvents.DatasetsChanged.class, e -> reloadDatasets());
        colorBy.addListener((obs, old, now) -> overlay.recolor(rows, now, bestPoint.get()));
    }

    /** The page was shown: the run screen's config becomes the form's base, and everything is read again. */
    public void shown() {
        form.refreshBase();
        reloadDatasets();
        pollOnce();
    }

    public void reloadDatasets() {
        executor.execute(BackgroundTask.of("Listing datasets", ctx -> workspace.datasets().list())
                .onSuccess(form::setDatasets));
    }

    /** Shows sweep {@code id} (null: none); its charts and table fill from the workspace. */
    public void select(Long id) {
        if (id != null && id.equals(selectedId.get())) {
            return;
        }
        selectedId.set(id);
        tracking = id == null ? null : new Tracking(id);
        overlay.clear();
        rows.clear();
        settings.clear();
        results.set(null);
        heatmap.set(null);
        parallel.set(null);
        bestPoint.set(null);
        title.set(id == null ? "No sweep selected." : "Sweep #" + id);
        updateState();
        pollOnce();
    }

    /** One read of the sweeps list and the selected sweep's new results and metrics; coalesced while one runs. */
    public void pollOnce() {
        if (polling) {
            pollAgain = true;
            return;
        }
        polling = true;
        Tracking mine = tracking;
        executor.execute(BackgroundTask.of("Reading sweeps", ctx -> read(mine))
                .onSuccess(polled -> {
                    polling = false;
                    apply(polled);
                    if (pollAgain) {
                        pollAgain = false;
                        pollOnce();
                    }
                })
                // a failed read (or the workspace closing under it) is not retried at once: the next change or tick reads
                .onFailure(e -> {
                    polling = false;
                    pollAgain = false;
                    message.set("Could not read the sweeps: " + e.getMessage());
                }));
    }

    /**
     * The page's timer: reads again while the selected sweep may still change (active or paused, here or in another
     * process); an ended one changes only through this window or a new visit.
     */
    public void pollWhileActive() {
        SweepSummary s = selectedSummary();
        if (s != null && (s.info().status() == SweepStatus.ACTIVE || s.info().status() == SweepStatus.PAUSED)) {
            pollOnce();
        }
    }

    /** What the selected sweep's cursors have read so far; used by one poll at a time. */
    private static final class Tracking {
        final long sweepId;
        final Map<Long, MetricCursor> cursors = new HashMap<>();
        /** Runs that had ended when last read: nothing more will come. */
        final Set<Long> done = new HashSet<>();
        List<SweepPointInfo> knownPoints;
        SweepStatus knownStatus;

        Tracking(long sweepId) {
            this.sweepId = sweepId;
        }
    }

    private record Polled(List<SweepSummary> list, Tracking tracking, SweepInfo sweep, SweepResults results,
                          Map<Integer, NavigableMap<Long, Map<String, Double>>> metrics) {
    }

    private Polled read(Tracking mine) {
        List<SweepSummary> list = new ArrayList<>();
        for (SweepInfo s : workspace.sweeps().list()) {
            list.add(SweepSummary.of(s, workspace.sweeps().points(s.id())));
        }
        if (mine == null) {
            return new Polled(list, null, null, null, Map.of());
        }
        SweepInfo sweep = workspace.sweeps().find(mine.sweepId).orElse(null);
        if (sweep == null) {
            return new Polled(list, mine, null, null, Map.of());
        }
        List<SweepPointInfo> points = workspace.sweeps().points(mine.sweepId);
        SweepResults changed = null;
        if (!points.equals(mine.knownPoints) || sweep.status() != mine.knownStatus) {
            changed = SweepResults.of(workspace, mine.sweepId);
            mine.knownPoints = points;
            mine.knownStatus = sweep.status();
        }
        Map<Integer, NavigableMap<Long, Map<String, Double>>> metrics = new HashMap<>();
        for (SweepPointInfo p : points) {
            if (p.runId() == null || mine.done.contains(p.runId())) {
                continue;
            }
            NavigableMap<Long, Map<String, Double>> next = mine.cursors
                    .computeIfAbsent(p.runId(), id -> new MetricCursor(workspace.runs(), id)).next();
            if (!next.isEmpty()) {
                metrics.put(p.index() + 1, next);
            }
            // the point ended before this read: the run has logged everything
            if (p.status().ended()) {
                mine.done.add(p.runId());
            }
        }
        return new Polled(list, mine, sweep, changed, metrics);
    }

    private void apply(Polled p) {
        if (!p.list().equals(sweeps)) {
            sweeps.setAll(p.list());
        }
        if (p.tracking() == null || p.tracking() != tracking) {
            updateState();
            return;
        }
        if (p.sweep() == null) {
            select(null);
            return;
        }
        if (p.results() != null) {
            show(p.results());
        }
        p.metrics().forEach((number, bySteps) -> bySteps.forEach((step, values) -> overlay.add(number, step, values)));
        updateState();
    }

    private void show(SweepResults r) {
        results.set(r);
        SweepSpec spec = r.spec();
        title.set(String.format(Locale.ROOT, "Sweep #%d · %s · %s, goal %s%s%s", r.sweep().id(), r.sweep().name(),
                spec.metric(), spec.goal().name().toLowerCase(Locale.ROOT), spec.asha() ? " · ASHA" : "",
                spec.fromRunId() != null ? " · from run #" + spec.fromRunId() : ""));
        List<String> varying = SettingResult.varying(r);
        boolean seedsVary = r.rows().stream().map(SweepResults.Row::seed).distinct().count() > 1;
        overlay.define(r.rows(), varying, seedsVary);
        List<String> choices = new ArrayList<>(r.parameters());
        if (seedsVary) {
            choices.add(SweepOverlay.SEED);
        }
        if (!colorChoices.equals(choices)) {
            colorChoices.setAll(choices);
        }
        bestPoint.set(r.best().map(SweepResults.Row::number).orElse(null));
        rows.setAll(r.rows());
        if (colorBy.get() == null || !choices.contains(colorBy.get())) {
            colorBy.set(!varying.isEmpty() ? varying.get(0) : choices.isEmpty() ? null : choices.get(0));
        }
        overlay.recolor(r.rows(), colorBy.get(), bestPoint.get());
        settings.setAll(SettingResult.of(r));
        heatmap.set(Heatmap.of(r).orElse(null));
        parallel.set(ParallelCoordinates.of(r));
    }

    private void onLiveEvents(List<RunEvent> events) {
        if (runningSweepId == null) {
            return;
        }
        for (RunEvent e : events) {
            if (e instanceof RunEvent.Step s) {
                boolean sft = s.phase() == RunEvent.Phase.SFT;
                liveStep = (sft ? "training the shared SFT base, step " : "KTO step ") + s.step() + " / " + s.totalSteps();
                liveFraction = sft || s.totalSteps() <= 0 ? 0 : (double) s.step() / s.totalSteps();
            }
        }
        updateState();
    }

    private SweepSummary selectedSummary() {
        Long id = selectedId.get();
        return id == null ? null : sweeps.stream().filter(s -> s.id() == id).findFirst().orElse(null);
    }

    private void updateState() {
        SweepSummary s = selectedSummary();
        boolean busy = launcher.runningProperty().get();
        if (s == null) {
            canRun.set(false);
            canPause.set(false);
            canCancel.set(false);
            progress.set(0);
            progressText.set("");
            return;
        }
        SweepStatus status = s.info().status();
        boolean left = s.ended() < s.points();
        boolean here = runningSweepId != null && runningSweepId == s.id();
        canRun.set(!busy && left && (status == SweepStatus.ACTIVE || status == SweepStatus.PAUSED));
        canPause.set(left && status == SweepStatus.ACTIVE);
        canCancel.set(status == SweepStatus.ACTIVE || status == SweepStatus.PAUSED);
        double fraction = s.points() == 0 ? 0 : (s.ended() + (here && left ? liveFraction : 0)) / s.points();
        progress.set(Math.min(1, fraction));
        String running = rows.stream().filter(r -> r.status().equals("running")).map(r -> "point #" + r.number())
                .findFirst().orElse(null);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s · %d of %d points ended",
                status.name().toLowerCase(Locale.ROOT), s.ended(), s.points()));
        if (here) {
            text.append(" · training here").append(running == null ? "" : ": " + running);
            if (!liveStep.isEmpty()) {
                text.append(", ").append(liveStep);
            }
        } else if (running != null && status == SweepStatus.ACTIVE) {
            text.append(" · ").append(running).append(busy ? " waits: this window trains something else"
                    : " started (resume it here, or it runs in another process)");
        }
        progressText.set(text.toString());
    }

    /** Creates the sweep the form defines and runs it; refused while the form has problems or a run trains. */
    public boolean createAndRun() {
        form.refreshBase();
        if (!form.problems().isEmpty()) {
            message.set("Fix the values marked in red first.");
            return false;
        }
        if (launcher.runningProperty().get()) {
            message.set("A run is training; wait for it or cancel it first.");
            return false;
        }
        SweepSpec spec = form.spec();
        message.set("Checking " + form.pointCountProperty().get() + " points…");
        executor.execute(BackgroundTask.of("Creating sweep " + spec.name(), ctx -> Sweeps.create(workspace, spec))
                .onSuccess(id -> {
                    select(id);
                    run();
                })
                .onFailure(e -> message.set("Cannot create the sweep: " + e.getMessage())));
        return true;
    }

    /** Adds the form's points (those the selected sweep does not have yet) to the selected sweep, also while it runs. */
    public void addPoints() {
        Long id = selectedId.get();
        if (id == null || !form.problems().isEmpty()) {
            message.set(id == null ? "Select a sweep to add points to." : "Fix the values marked in red first.");
            return;
        }
        SweepSpec more = form.spec();
        executor.execute(BackgroundTask.of("Adding points to sweep " + id, ctx -> Sweeps.add(workspace, id, more))
                .onSuccess(n -> {
                    message.set("Added " + n + " point" + (n == 1 ? "" : "s") + " to sweep #" + id
                            + (n == 0 ? " (it has them all already)" : ""));
                    pollOnce();
                })
                .onFailure(e -> message.set("Cannot add points: " + e.getMessage())));
    }

    /** Trains the selected sweep's remaining points here (resuming an interrupted one from its checkpoint). */
    public void run() {
        Long id = selectedId.get();
        if (id == null) {
            return;
        }
        try {
            runningSweepId = id;
            launcher.startSweep(id, e -> message.set("Sweep #" + id + " stopped: " + e.getMessage()));
            message.set("Running sweep #" + id + "; the Monitor page follows its current run.");
            bus.publish(new WorkbenchEvents.SweepsChanged(id));
        } catch (IllegalStateException e) {
            runningSweepId = null;
            message.set(e.getMessage());
        }
        updateState();
    }

    /** Shows sweep {@code id} as the one this window trains now (an experiment preset's, once it exists). */
    private void follow(long id) {
        select(id);
        runningSweepId = id;
        message.set("Running sweep #" + id + "; the Monitor page follows its current run.");
        updateState();
    }

    /** The running run stops resumably at its next step; Run goes on from there. */
    public void pause() {
        onSelected("Pausing", id -> {
            Sweeps.pause(workspace, id);
            return "Pausing sweep #" + id + " after the current step.";
        });
    }

    /** Cancels the whole sweep: its running run stops at its next step, pending points are cancelled. */
    public void cancel() {
        onSelected("Cancelling", id -> {
            Sweeps.cancel(workspace, id, null);
            return "Cancelled sweep #" + id + ".";
        });
    }

    /** Cancels one point (by its number) of the selected sweep. */
    public void cancelPoint(int number) {
        onSelected("Cancelling point", id -> {
            Sweeps.cancel(workspace, id, number);
            return "Cancelled point #" + number + " of sweep #" + id + ".";
        });
    }

    private interface SweepAction {
        String apply(long sweepId) throws Exception;
    }

    private void onSelected(String what, SweepAction action) {
        Long id = selectedId.get();
        if (id == null) {
            return;
        }
        executor.execute(BackgroundTask.of(what + " sweep " + id, ctx -> action.apply(id))
                .onSuccess(text -> {
                    message.set(text);
                    bus.publish(new WorkbenchEvents.SweepsChanged(id));
                })
                .onFailure(e -> message.set(e.getMessage())));
    }

    /** Writes the selected sweep's results table as CSV (the same file as {@code sweep show --csv}). */
    public void exportCsv(Path file) {
        Long id = selectedId.get();
        if (id == null) {
            return;
        }
        executor.execute(BackgroundTask.of("Writing " + file, ctx -> ExportFile.write(file, true, out -> {
                    out.write(SweepCsv.of(SweepResults.of(workspace, id)).getBytes(StandardCharsets.UTF_8));
                    return file;
                }))
                .onSuccess(f -> message.set("Wrote " + f))
                .onFailure(e -> message.set("Could not write " + file + ": " + e.getMessage())));
    }

    /** For the page's PNG exports, which must run on the FX thread. */
    public void report(String text) {
        message.set(text);
    }

    public SweepForm form() {
        return form;
    }

    public ExperimentPresets presets() {
        return presets;
    }

    public ObservableList<SweepSummary> sweeps() {
        return sweeps;
    }

    public ReadOnlyObjectProperty<Long> selectedIdProperty() {
        return selectedId.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SweepResults> resultsProperty() {
        return results.getReadOnlyProperty();
    }

    /** The selected sweep's points, in point order (the table sorts its own view). */
    public ObservableList<SweepResults.Row> rows() {
        return rows;
    }

    /** The number of the point with the best metric, null while none has one. */
    public ReadOnlyObjectProperty<Integer> bestPointProperty() {
        return bestPoint.getReadOnlyProperty();
    }

    /** Each parameter setting with its metric over seeds. */
    public ObservableList<SettingResult> settings() {
        return settings;
    }

    public SweepOverlay overlay() {
        return overlay;
    }

    public ObservableList<String> colorChoices() {
        return colorChoices;
    }

    public ObjectProperty<String> colorByProperty() {
        return colorBy;
    }

    /** Null unless exactly two parameters vary. */
    public ReadOnlyObjectProperty<Heatmap> heatmapProperty() {
        return heatmap.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ParallelCoordinates> parallelProperty() {
        return parallel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPauseProperty() {
        return canPause.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }
}
