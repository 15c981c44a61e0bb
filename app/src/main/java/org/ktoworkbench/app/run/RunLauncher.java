package org.ktoworkbench.app.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.FxBatcher;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.model.experiments.Experiment;
import org.ktoworkbench.model.experiments.ExperimentRunner;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepListener;
import org.ktoworkbench.model.cli.ChildSweepPoint;
import org.ktoworkbench.model.sweep.SweepRunner;
import org.ktoworkbench.model.sweep.SweepSlots;
import org.ktoworkbench.model.sweep.Sweeps;
import org.ktoworkbench.model.train.CancellationToken;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunEvent;
import org.ktoworkbench.model.train.Trainer;

/**
 * Starts, resumes and cancels training from the GUI through the model's {@link Trainer} (or a sweep's
 * {@link SweepRunner}), the same path as the CLI. One run or sweep at a time (the engine allows one
 * gradient collector per process). Run events leave the training thread through an {@link FxBatcher}
 * and reach the sinks in batches on the UI thread.
 */
public final class RunLauncher {
    private final Workspace workspace;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final List<Consumer<List<RunEvent>>> sinks = new CopyOnWriteArrayList<>();
    private final FxBatcher<RunEvent> batcher;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private CancellationToken token;

    public RunLauncher(Workspace workspace, TaskExecutor executor, EventBus bus) {
        this.workspace = workspace;
        this.executor = executor;
        this.bus = bus;
        this.batcher = new FxBatcher<>(executor::runOnUiThread, this::deliver);
    }

    public void addSink(Consumer<List<RunEvent>> sink) {
        sinks.add(sink);
    }

    /** Trains {@code config}: SFT then KTO, or KTO alone from {@code baseRunId}'s model when that is not null. */
    public void start(RunConfig config, Long baseRunId) {
        launch("Training " + config.dataset(), t -> new Trainer(workspace).train(config, baseRunId, batcher::offer, t),
                this::runFailed, () -> { });
    }

    public void resume(long runId) {
        launch("Resuming run " + runId, t -> new Trainer(workspace).resume(runId, batcher::offer, t),
                this::runFailed, () -> { });
    }

    /**
     * Trains sweep {@code sweepId}'s points (one after another on CPU, several at once on a GPU with memory to spare:
     * {@link SweepSlots}), resuming a paused or interrupted one; its runs' events
     * reach the sinks as a single run's do, and each point's start and end is published as
     * {@link WorkbenchEvents.SweepsChanged}. {@code onFailure} gets what stopped the sweep from running at all.
     */
    public void startSweep(long sweepId, Consumer<Throwable> onFailure) {
        launch("Sweep " + sweepId, t -> {
                    int slots = SweepSlots.auto(workspace, Sweeps.baseConfigOf(workspace, sweepId),
                            Sweeps.fromRunOf(workspace, sweepId));
                    SweepRunner runner = new SweepRunner(workspace, sweepId);
                    // on a GPU with memory to spare, points train at once in worker processes (the page reads the store)
                    return slots > 1
                            ? runner.runParallel(slots, new ChildSweepPoint(workspace.directory()), sweepListener(null), t)
                            : runner.run(sweepListener(null), t);
                }, onFailure,
                () -> bus.publish(new WorkbenchEvents.SweepsChanged(sweepId)));
    }

    /**
     * Runs one of the paper's experiments as {@code experiments run NAME} does: trains its shared SFT base, creates its
     * sweep, then trains the arms one after another; all of it on the background thread, cancellable like a run (the
     * sweep then stays resumable). {@code onCreated} gets the sweep id on the UI thread once it exists; {@code listener}
     * (optional) hears each arm start, on the UI thread.
     */
    public void startExperiment(Experiment experiment, boolean quick, int seeds, LongConsumer onCreated,
                                SweepListener armListener, Consumer<Throwable> onFailure) {
        long[] created = {-1};
        SweepListener listener = sweepListener(armListener);
        launch("Experiment " + experiment.name(), t -> {
            ExperimentRunner runner = new ExperimentRunner(workspace);
            long id = runner.create(experiment, quick, seeds, listener, t);
            created[0] = id;
            executor.runOnUiThread(() -> {
                bus.publish(new WorkbenchEvents.SweepsChanged(id));
                onCreated.accept(id);
            });
            return t.isCancelled() ? null : runner.run(id, listener, t);
        }, onFailure, () -> bus.publish(new WorkbenchEvents.SweepsChanged(created[0])));
    }

    /** Hands a sweep's run events to the sinks and publishes each point's start and end; tells {@code also} on the UI thread. */
    private SweepListener sweepListener(SweepListener also) {
        return new SweepListener() {
            @Override
            public void onPointStart(SweepPointInfo point, int total) {
                executor.runOnUiThread(() -> {
                    bus.publish(new WorkbenchEvents.SweepsChanged(point.sweepId()));
                    if (also != null) {
                        also.onPointStart(point, total);
                    }
                });
            }

            @Override
            public void onPointEnd(SweepPointInfo point) {
                executor.runOnUiThread(() -> {
                    bus.publish(new WorkbenchEvents.SweepsChanged(point.sweepId()));
                    if (also != null) {
                        also.onPointEnd(point);
                    }
                });
            }

            @Override
            public void onEvent(RunEvent event) {
                batcher.offer(event);
            }
        };
    }

    /** Asks the running run to stop after its current step; it keeps its last checkpoint. */
    public void cancel() {
        if (token != null) {
            token.cancel();
        }
    }

    private interface Job {
        Object run(CancellationToken token) throws Exception;
    }

    private void runFailed(Throwable e) {
        bus.publish(new WorkbenchEvents.RunFailed(e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    private void launch(String title, Job job, Consumer<Throwable> onFailure, Runnable onEnd) {
        if (running.get()) {
            throw new IllegalStateException("a run is already training; cancel it or wait for it to end");
        }
        CancellationToken mine = new CancellationToken();
        token = mine;
        running.set(true);
        executor.execute(BackgroundTask.of(title, ctx -> job.run(mine))
                .onFailure(onFailure)
                .onFinished(() -> {
                    running.set(false);
                    bus.publish(new WorkbenchEvents.RunsChanged(-1));
                    onEnd.run();
                }));
    }

    private void deliver(List<RunEvent> events) {
        sinks.forEach(s -> s.accept(events));
        events.stream().filter(e -> e instanceof RunEvent.Status).findFirst()
                .ifPresent(e -> bus.publish(new WorkbenchEvents.RunsChanged(e.runId())));
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
