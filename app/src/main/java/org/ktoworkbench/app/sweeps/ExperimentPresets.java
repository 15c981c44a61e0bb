package org.ktoworkbench.app.sweeps;

import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

import org.ktoworkbench.app.control.NumberParameter;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.model.experiments.Experiment;
import org.ktoworkbench.model.experiments.Presets;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.sweep.SweepListener;
import org.ktoworkbench.model.train.RunEvent;

/**
 * The paper's experiments as buttons: one press runs a preset as {@code experiments run NAME [--quick]} does (its
 * shared SFT base, then its arms as a sweep) through the {@link RunLauncher}, off the FX thread; shows which phase it
 * is in and how far, and can be cancelled (the sweep then stays resumable with Run).
 */
public final class ExperimentPresets {
    private final RunLauncher launcher;
    private final LongConsumer follow;
    private final BooleanProperty quick = new SimpleBooleanProperty(this, "quick", false);
    private final NumberParameter seeds = NumberParameter.integer("Seeds", 1, 20, 1);
    private final ReadOnlyStringWrapper running = new ReadOnlyStringWrapper(this, "running");
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(this, "canStart", true);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private Long sweepId;
    private int arm;
    private int arms;
    private boolean cancelled;

    /** @param follow shows the experiment's sweep (by id) once it exists, as the one this window trains */
    public ExperimentPresets(RunLauncher launcher, LongConsumer follow) {
        this.launcher = launcher;
        this.follow = follow;
        launcher.addSink(this::onEvents);
        launcher.runningProperty().addListener((obs, old, now) -> updateCanStart());
        seeds.errorProperty().addListener((obs, old, now) -> updateCanStart());
    }

    public List<Experiment> all() {
        return Presets.all();
    }

    /** Starts {@code experiment}; refused (with the reason as the status) while something trains. */
    public boolean start(Experiment experiment) {
        if (launcher.runningProperty().get() || !seeds.isValid()) {
            status.set(!seeds.isValid() ? seeds.errorProperty().get()
                    : "A run is training; wait for it or cancel it first.");
            return false;
        }
        String name = experiment.name() + (quick.get() ? " (quick)" : "");
        sweepId = null;
        arm = 0;
        arms = 0;
        progress.set(0);
        status.set("Experiment " + name + ": preparing its datasets and its shared SFT base…");
        running.set(name);
        SweepListener armListener = new SweepListener() {
            @Override
            public void onPointStart(SweepPointInfo point, int total) {
                arm = point.index() + 1;
                arms = total;
                status.set(String.format(Locale.ROOT, "Experiment %s, sweep #%d: arm %d of %d", name, point.sweepId(), arm, arms));
                progress.set((double) (arm - 1) / arms);
            }

            @Override
            public void onPointEnd(SweepPointInfo point) {
            }

            @Override
            public void onEvent(RunEvent event) {
            }
        };
        Throwable[] failure = {null};
        // listening before the start: an executor that runs the work at once ends it inside startExperiment
        launcher.runningProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean old, Boolean now) {
                if (!now) {
                    obs.removeListener(this);
                    finished(name, failure[0]);
                }
            }
        });
        launcher.startExperiment(experiment, quick.get(), (int) seeds.longValue(), id -> {
            sweepId = id;
            follow.accept(id);
        }, armListener, e -> failure[0] = e);
        return true;
    }

    private void finished(String name, Throwable failure) {
        running.set(null);
        if (cancelled) {
            status.set("Experiment " + name + " cancelled" + (sweepId == null ? " before its sweep was created."
                    : "; Run resumes sweep #" + sweepId + "."));
        } else if (failure != null) {
            status.set("Experiment " + name + " stopped: " + failure.getMessage());
        } else {
            progress.set(1);
            status.set("Experiment " + name + " ended: its results are sweep #" + sweepId + ".");
        }
        cancelled = false;
    }

    /** Stops the experiment after the current step; its sweep (once created) resumes with Run. */
    public void cancel() {
        if (running.get() != null) {
            cancelled = true;
            launcher.cancel();
            status.set("Cancelling experiment " + running.get() + " after the current step…");
        }
    }

    private void onEvents(List<RunEvent> events) {
        if (running.get() == null) {
            return;
        }
        for (RunEvent e : events) {
            if (e instanceof RunEvent.Step s && s.totalSteps() > 0) {
                double within = (double) s.step() / s.totalSteps();
                if (sweepId == null) {
                    status.set("Experiment " + running.get() + ": training the shared SFT base, step " + s.step() + " / "
                            + s.totalSteps());
                    progress.set(within);
                } else if (arms > 0) {
                    status.set(String.format(Locale.ROOT, "Experiment %s, sweep #%d: arm %d of %d, step %d / %d",
                            running.get(), sweepId, arm, arms, s.step(), s.totalSteps()));
                    progress.set((arm - 1 + within) / arms);
                }
            }
        }
    }

    private void updateCanStart() {
        canStart.set(!launcher.runningProperty().get() && seeds.isValid());
    }

    /** The tiny model of {@code --quick}: seconds per arm, numbers that say nothing about the paper. */
    public BooleanProperty quickProperty() {
        return quick;
    }

    /** Replicates per arm. */
    public NumberParameter seeds() {
        return seeds;
    }

    /** The name of the experiment running, null when none. */
    public ReadOnlyStringProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStartProperty() {
        return canStart.getReadOnlyProperty();
    }

    /** Base then arms, as a fraction of the whole experiment's arms once its sweep exists. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
