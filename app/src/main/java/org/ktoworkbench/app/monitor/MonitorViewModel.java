package org.ktoworkbench.app.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.chart.MetricChartSet;
import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.run.MetricCursor;
import org.ktoworkbench.app.run.RunCharts;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.app.runs.RunRow;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunEvent;

/**
 * The live view of one run: its charts, progress (step, tokens/s, ETA), status and judged samples
 * per eval point. A run started here arrives as events from the {@link RunLauncher}; any other run
 * (picked on the runs page, or started from the CLI) is read from the store by {@link #pollOnce()}.
 */
public final class MonitorViewModel {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final RunLauncher launcher;
    private final MetricChartSet charts = new MetricChartSet(RunCharts.monitor());
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "No run yet: start one on Run setup, or open one from Runs.");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");
    private final ObservableList<Long> sampleSteps = FXCollections.observableArrayList();
    private final ObjectProperty<Long> selectedSampleStep = new SimpleObjectProperty<>(this, "selectedSampleStep");
    private final ObservableList<SampleRecord> samples = FXCollections.observableArrayList();
    private final Map<Long, List<SampleRecord>> liveSamples = new HashMap<>();

    private long runId = -1;
    private boolean live;
    private MetricCursor cursor;
    private boolean polling;
    private boolean finished;
    private long totalSteps;
    private long firstPolledStep = -1;
    private boolean historyChecked;
    /** Live events held while a resumed run's earlier steps are read; null when none are. */
    private List<RunEvent> heldBack;
    private long firstPolledNanos;

    public MonitorViewModel(Workspace workspace, TaskExecutor executor, EventBus bus, RunLauncher launcher) {
        this.workspace = workspace;
        this.executor = executor;
        this.launcher = launcher;
        launcher.addSink(this::onEvents);
        bus.subscribe(WorkbenchEvents.FollowRun.class, e -> follow(e.runId()));
        bus.subscribe(WorkbenchEvents.RunFailed.class, e -> statusText.set("Run failed: " + e.message()));
        selectedSampleStep.addListener((obs, old, now) -> loadSamples(now));
    }

    /** Events of the run the GUI started; a new run id (SFT then KTO) starts fresh charts. */
    public void onEvents(List<RunEvent> events) {
        for (RunEvent event : events) {
            if (!live || event.runId() != runId) {
                reset(event.runId(), true);
                describeRun(event.runId());
            }
            if (!historyChecked && (event instanceof RunEvent.Step || event instanceof RunEvent.Eval)) {
                historyChecked = true;
                if (event instanceof RunEvent.Step step && step.step() > 1) {
                    loadStepsBefore(step.runId(), step.step());
                }
            }
            if (heldBack != null) {
                heldBack.add(event);
            } else {
                apply(event);
            }
        }
    }

    private void apply(RunEvent event) {
        if (event instanceof RunEvent.Step step) {
            charts.add(null, step.step(), step.metrics());
            totalSteps = step.totalSteps();
            Duration eta = step.etaSeconds() >= 0 ? Duration.ofMillis((long) (step.etaSeconds() * 1000)) : null;
            showProgress(step.step(), step.metrics(), eta);
        } else if (event instanceof RunEvent.Eval eval) {
            charts.add(null, eval.step(), eval.metrics());
            if (!eval.samples().isEmpty()) {
                liveSamples.put(eval.step(), eval.samples());
                addSampleStep(eval.step());
            }
        } else if (event instanceof RunEvent.Status status) {
            statusText.set(status.phase() + " run #" + status.runId() + ": " + status.status().name().toLowerCase()
                    + (status.message() == null || status.message().isBlank() ? "" : " (" + status.message() + ")"));
            finished = status.status() != RunStatus.RUNNING && status.status() != RunStatus.QUEUED;
        }
    }

    /**
     * A resumed run's first live step comes after its checkpoint: the curve before it is read from the store,
     * and the events that arrive meanwhile wait so that every chart stays in step order.
     */
    private void loadStepsBefore(long id, long firstLiveStep) {
        List<RunEvent> waiting = new ArrayList<>();
        heldBack = waiting;
        record Earlier(Map<Long, Map<String, Double>> metrics, List<Long> sampleSteps) {
        }
        executor.execute(BackgroundTask.of("Reading run " + id + " before step " + firstLiveStep, ctx -> new Earlier(
                        new MetricCursor(workspace.runs(), id).next().headMap(firstLiveStep, false),
                        workspace.runs().sampleSteps(id).stream().filter(s -> s < firstLiveStep).toList()))
                .onSuccess(earlier -> {
                    if (heldBack == waiting) {
                        earlier.metrics().forEach((step, values) -> charts.add(null, step, values));
                        earlier.sampleSteps().forEach(this::addSampleStep);
                    }
                })
                .onFinished(() -> {
                    if (heldBack == waiting) {
                        heldBack = null;
                        waiting.forEach(this::apply);
                    }
                }));
    }

    /** Shows a stored run, reading what it has logged so far; {@link #pollOnce()} brings in the rest. */
    public void follow(long id) {
        reset(id, false);
        cursor = new MetricCursor(workspace.runs(), id);
        describeRun(id);
        pollOnce();
    }

    /** One read of the followed run's new metrics, samples and status; skipped while one is in flight. */
    public void pollOnce() {
        if (live || cursor == null || polling || finished) {
            return;
        }
        polling = true;
        MetricCursor mine = cursor;
        record Polled(java.util.NavigableMap<Long, Map<String, Double>> metrics, List<Long> sampleSteps, RunInfo run) {
        }
        executor.execute(BackgroundTask.of("Reading run " + mine.runId(), ctx -> new Polled(mine.next(),
                        workspace.runs().sampleSteps(mine.runId()), workspace.runs().run(mine.runId()).orElse(null)))
                .onSuccess(p -> {
                    if (mine != cursor) {
                        return;
                    }
                    p.metrics().forEach((step, values) -> charts.add(null, step, values));
                    if (!p.metrics().isEmpty()) {
                        long last = p.metrics().lastKey();
                        Duration eta = paceEta(last);
                        showProgress(last, p.metrics().get(last), eta);
                    }
                    p.sampleSteps().forEach(this::addSampleStep);
                    if (p.run() != null) {
                        statusText.set(p.run().kind().toUpperCase() + " run #" + p.run().id() + ": "
                                + p.run().status().name().toLowerCase()
                                + (p.run().statusMessage() == null ? "" : " (" + p.run().statusMessage() + ")"));
                        finished = p.run().status() != RunStatus.RUNNING && p.run().status() != RunStatus.QUEUED;
                    }
                })
                .onFinished(() -> polling = false));
    }

    public void cancel() {
        launcher.cancel();
        statusText.set(statusText.get() + " — cancelling after this step…");
    }

    private Duration paceEta(long step) {
        if (firstPolledStep < 0) {
            firstPolledStep = step;
            firstPolledNanos = System.nanoTime();
            return null;
        }
        return ProgressEstimate.paceEta(step, totalSteps, firstPolledStep, Duration.ofNanos(System.nanoTime() - firstPolledNanos));
    }

    private void reset(long id, boolean isLive) {
        runId = id;
        live = isLive;
        historyChecked = false;
        heldBack = null;
        cursor = null;
        finished = false;
        totalSteps = 0;
        firstPolledStep = -1;
        charts.clear();
        liveSamples.clear();
        sampleSteps.clear();
        samples.clear();
        selectedSampleStep.set(null);
        progress.set(0);
        progressText.set("");
    }

    /** The title and the planned step count, read off the FX thread; dropped if another run is shown by then. */
    private void describeRun(long id) {
        executor.execute(BackgroundTask.of("Reading run " + id, ctx -> workspace.runs().run(id))
                .onSuccess(found -> found.filter(run -> run.id() == runId).ifPresent(run -> {
                    RunConfig config = RunRow.parseConfig(run.configJson());
                    if (config != null && totalSteps == 0) {
                        totalSteps = "sft".equals(run.kind()) ? config.sftSteps() : config.steps();
                    }
                    title.set(run.kind().toUpperCase() + " run #" + run.id() + " · " + run.name() + " · "
                            + run.datasetName());
                })));
    }

    private void showProgress(long step, Map<String, Double> metrics, Duration eta) {
        Double tokens = metrics == null ? null : metrics.get(RunCharts.TOKENS_PER_SECOND);
        ProgressEstimate estimate = new ProgressEstimate(step, totalSteps, tokens == null ? 0 : tokens, eta);
        progress.set(estimate.fraction());
        progressText.set(estimate.describe());
    }

    private void addSampleStep(long step) {
        if (sampleSteps.contains(step)) {
            return;
        }
        boolean followLatest = selectedSampleStep.get() == null
                || (!sampleSteps.isEmpty() && selectedSampleStep.get().equals(sampleSteps.get(sampleSteps.size() - 1)));
        sampleSteps.add(step);
        if (followLatest) {
            selectedSampleStep.set(step);
        }
    }

    private void loadSamples(Long step) {
        if (step == null) {
            samples.clear();
            return;
        }
        List<SampleRecord> known = liveSamples.get(step);
        if (known != null) {
            samples.setAll(known);
            return;
        }
        long id = runId;
        executor.execute(BackgroundTask.of("Reading samples", ctx -> new ArrayList<>(workspace.runs().samples(id, step)))
                .onSuccess(list -> {
                    if (id == runId && step.equals(selectedSampleStep.get())) {
                        samples.setAll(list);
                    }
                }));
    }

    public MetricChartSet charts() {
        return charts;
    }

    public long runId() {
        return runId;
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

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return launcher.runningProperty();
    }

    public ObservableList<Long> sampleSteps() {
        return sampleSteps;
    }

    public ObjectProperty<Long> selectedSampleStepProperty() {
        return selectedSampleStep;
    }

    public ObservableList<SampleRecord> samples() {
        return samples;
    }
}
