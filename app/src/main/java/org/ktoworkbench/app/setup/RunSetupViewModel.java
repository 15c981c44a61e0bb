package org.ktoworkbench.app.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.control.NumberParameter;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.app.runs.RunRow;
import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.kto.LossType;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.ConfigProblem;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

/**
 * The run screen: the model (a built-in GPT size or a pretrained model folder, with its card), the
 * hyperparameters a researcher sweeps, validated in place, the λ balance against the selected
 * dataset, the config as the CLI's JSON, and starting the run. Settings the screen does not show
 * keep the values of the loaded (or default) config.
 */
public final class RunSetupViewModel {
    private static final long MAX_STEPS = 10_000_000;

    private final Workspace workspace;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final RunLauncher launcher;
    private final RecentModelFolders recentFolders;
    private final ModelCardViewModel modelCard;
    private final MemoryOptions memory;
    /** The loaded (or default) config; its model has no folder: {@link #modelFolder} holds that. */
    private RunConfig base = RunConfig.defaults();

    private final NumberParameter beta = NumberParameter.decimal("β", 1e-4, 100, base.beta());
    private final NumberParameter lambdaD = NumberParameter.decimal("λD", 1e-3, 1000, base.lambdaD());
    private final NumberParameter lambdaU = NumberParameter.decimal("λU", 1e-3, 1000, base.lambdaU());
    private final NumberParameter learningRate = NumberParameter.decimal("Learning rate", 1e-9, 1, base.learningRate());
    private final NumberParameter batchSize = NumberParameter.integer("Batch size", 2, 4096, base.batchSize());
    private final NumberParameter steps = NumberParameter.integer("KTO steps", 0, MAX_STEPS, base.steps());
    private final NumberParameter evalEvery = NumberParameter.integer("Eval interval", 0, MAX_STEPS, base.evalEvery());
    private final NumberParameter seed = NumberParameter.integer("Seed", 0, 1L << 53, base.seed());
    private final NumberParameter sftSteps = NumberParameter.integer("SFT steps", 0, MAX_STEPS, base.sftSteps());
    private final NumberParameter maxLength = NumberParameter.integer("Max length", 0, 1L << 20, base.maxLength())
            .blankMeans(0);
    /** null: the built-in GPT of {@link #modelSize}. */
    private final ReadOnlyObjectWrapper<Path> modelFolder = new ReadOnlyObjectWrapper<>(this, "modelFolder");
    private final StringProperty runName = new SimpleStringProperty(this, "runName", "");
    private final ObjectProperty<ModelSize> modelSize = new SimpleObjectProperty<>(this, "modelSize", ModelSize.of(base.model()));
    private final ObjectProperty<LossType> lossType = new SimpleObjectProperty<>(this, "lossType", base.lossType());
    /** The judge list, the spec typed in and "test this judge". */
    private final JudgeChoice judgeChoice;
    private final StringProperty judge;
    private final ObservableList<DatasetInfo> datasets = FXCollections.observableArrayList();
    private final ObjectProperty<DatasetInfo> dataset = new SimpleObjectProperty<>(this, "dataset");
    /** Completed runs whose model a KTO run can start from instead of training SFT first. */
    private final ObservableList<RunInfo> baseRuns = FXCollections.observableArrayList();
    /** null: a new model, trained with SFT first. */
    private final ObjectProperty<RunInfo> baseRun = new SimpleObjectProperty<>(this, "baseRun");
    private final ReadOnlyObjectWrapper<BalanceHint> balance = new ReadOnlyObjectWrapper<>(this, "balance");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    public RunSetupViewModel(Workspace workspace, TaskExecutor executor, EventBus bus, RunLauncher launcher,
                             RecentModelFolders recentFolders) {
        this.workspace = workspace;
        this.executor = executor;
        this.bus = bus;
        this.launcher = launcher;
        this.recentFolders = recentFolders;
        this.modelCard = new ModelCardViewModel(executor);
        this.memory = new MemoryOptions(workspace, executor);
        this.judgeChoice = new JudgeChoice(workspace, executor, base.judge());
        this.judge = judgeChoice.specProperty();
        ChangeListener<Object> revalidate = (obs, old, now) -> revalidate();
        for (NumberParameter p : parameters()) {
            p.valueProperty().addListener(revalidate);
            p.errorProperty().addListener(revalidate);
        }
        dataset.addListener(revalidate);
        // the judge's example pair starts as the dataset's first eval prompt, until the user edits it
        dataset.addListener((obs, old, now) -> {
            if (now != null && judgeChoice.promptProperty().get().isBlank()) {
                judgeChoice.takeExampleFrom(now.name());
            }
        });
        lossType.addListener(revalidate);
        judge.addListener(revalidate);
        modelSize.addListener(revalidate);
        modelCard.errorProperty().addListener(revalidate);
        for (NumberParameter p : List.of(memory.loraRank(), memory.loraAlpha(), memory.loraDropout())) {
            p.valueProperty().addListener(revalidate);
            p.errorProperty().addListener(revalidate);
        }
        memory.loraProperty().addListener(revalidate);
        memory.loraTargetsProperty().addListener(revalidate);
        memory.gradientCheckpointingProperty().addListener(revalidate);
        memory.precomputeReferenceProperty().addListener(revalidate);
        memory.deviceProperty().addListener(revalidate);
        baseRun.addListener(revalidate);
        ChangeListener<Number> resizeCard = (obs, old, now) ->
                modelCard.sizeFor((int) batchSize.longValue(), (int) maxLength.longValue());
        batchSize.valueProperty().addListener(resizeCard);
        maxLength.valueProperty().addListener(resizeCard);
        resizeCard.changed(null, null, null);
        modelFolder.addListener((obs, old, now) -> {
            modelCard.inspect(now);
            if (now != null) {
                bus.publish(new WorkbenchEvents.ModelFolderChosen(now));
            }
            revalidate();
        });
        bus.subscribe(WorkbenchEvents.DatasetsChanged.class, e -> reloadDatasets());
        bus.subscribe(WorkbenchEvents.RunsChanged.class, e -> reloadBaseRuns());
        baseRun.addListener((obs, old, now) -> {
            RunConfig baseConfig = now == null ? null : RunRow.parseConfig(now.configJson());
            if (baseConfig != null) {
                modelSize.set(ModelSize.of(baseConfig.model().withFolder(null)));
                modelFolder.set(baseConfig.model().folderPath());
            }
        });
        revalidate();
    }

    public List<NumberParameter> parameters() {
        return List.of(beta, lambdaD, lambdaU, learningRate, batchSize, steps, evalEvery, seed, sftSteps, maxLength);
    }

    /**
     * Trains the model in {@code dir} (what the folder chooser and the recent list call): the form takes the defaults
     * for aligning a pretrained model ({@link RunConfig#pretrainedDefaults}) and the folder goes first in the recent list.
     * A base run chosen before is let go.
     */
    public void chooseFolder(Path dir) {
        baseRun.set(null); // a base run fixes the model: choosing one means starting from the folder instead
        RunConfig defaults = RunConfig.pretrainedDefaults(dir);
        useDefaultsOf(defaults);
        Path folder = defaults.model().folderPath();
        recentFolders.remember(folder);
        if (folder.equals(modelFolder.get())) {
            modelCard.inspect(folder); // chosen again: its files may have changed
        } else {
            modelFolder.set(folder);
        }
        message.set("Model folder " + folder + ": defaults applied: " + defaultsNote(defaults));
    }

    /** Chooses a folder of the recent list; a missing one is refused, saying so. */
    public void chooseRecent(RecentModelFolders.Entry entry) {
        if (!entry.exists()) {
            message.set(entry.folder() + ": no such model folder (moved or deleted)");
            return;
        }
        chooseFolder(entry.folder());
    }

    /** Trains a fresh built-in GPT of {@link #modelSizeProperty()} instead of a folder, with the built-in defaults. */
    public void useBuiltIn() {
        if (modelFolder.get() == null) {
            return;
        }
        RunConfig defaults = RunConfig.defaults();
        useDefaultsOf(defaults);
        modelFolder.set(null);
        message.set("Built-in GPT: defaults applied: " + defaultsNote(defaults));
    }

    /** The settings that differ between a model folder's run and the built-in GPT's, from {@code defaults}. */
    private void useDefaultsOf(RunConfig defaults) {
        sftSteps.set(defaults.sftSteps());
        learningRate.set(defaults.learningRate());
        batchSize.set(defaults.batchSize());
        base = RunConfigJson.withOverrides(base, Map.of(
                "warmupFraction", defaults.warmupFraction(), "evalPrompts", defaults.evalPrompts()));
    }

    /** The values choosing a model (folder or built-in) puts in the form, as a sentence for the screen. */
    public static String defaultsNote(RunConfig defaults) {
        return String.format(Locale.ROOT, "SFT steps %d, learning rate %s, warmup %.0f%%, batch %d,"
                        + " eval prompts %d", defaults.sftSteps(), plainNumber(defaults.learningRate()),
                defaults.warmupFraction() * 100, defaults.batchSize(), defaults.evalPrompts());
    }

    /** {@link #defaultsNote} of a model folder's run (the values do not depend on the folder). */
    public static String pretrainedDefaultsNote() {
        return defaultsNote(RunConfig.pretrainedDefaults(Path.of("")));
    }

    private static String plainNumber(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    public void reloadDatasets() {
        executor.execute(BackgroundTask.of("Listing datasets", ctx -> workspace.datasets().list())
                .onSuccess(list -> {
                    String keep = dataset.get() != null ? dataset.get().name() : base.dataset();
                    datasets.setAll(list);
                    dataset.set(list.stream().filter(d -> d.name().equals(keep)).findFirst()
                            .orElse(list.isEmpty() ? null : list.get(0)));
                }));
    }

    /** Lists the completed runs a KTO run can start from; the chosen one stays chosen while it is listed. */
    public void reloadBaseRuns() {
        executor.execute(BackgroundTask.of("Listing base runs", ctx -> workspace.runs().listRuns().stream()
                        .filter(r -> r.status() == RunStatus.COMPLETED).toList())
                .onSuccess(list -> {
                    Long keep = baseRun.get() == null ? null : baseRun.get().id();
                    baseRuns.setAll(list);
                    baseRun.set(list.stream().filter(r -> Long.valueOf(r.id()).equals(keep)).findFirst().orElse(null));
                }));
    }

    /** Sets λD to the value the balance hint suggests. */
    public void fixLambdaD() {
        BalanceHint hint = balance.get();
        if (hint != null && hint.status() != BalanceHint.Status.UNDEFINED) {
            lambdaD.set(hint.fixedDesirableWeight());
        }
    }

    /** The config as it stands, or null while any value is invalid (see {@link #problems()}). */
    public RunConfig toConfig() {
        if (!parameters().stream().allMatch(NumberParameter::isValid) || !memory.parameters().stream()
                .allMatch(NumberParameter::isValid) || dataset.get() == null || folderUnreadable()) {
            return null;
        }
        RunConfig config = buildConfig();
        return config.problems().isEmpty() ? config : null;
    }

    /** The loaded (or default) config with the screen's values; call only while every value parses. */
    private RunConfig buildConfig() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("dataset", dataset.get().name());
        values.put("name", runName.get() == null || runName.get().isBlank() ? null : runName.get().strip());
        values.put("model.layers", modelSize.get().spec().layers());
        values.put("model.dModel", modelSize.get().spec().dModel());
        values.put("model.heads", modelSize.get().spec().heads());
        values.put("model.contextLength", modelSize.get().spec().contextLength());
        values.put("model.folder", modelFolder.get() == null ? null : modelFolder.get().toString());
        values.put("maxLength", maxLength.longValue());
        values.put("lossType", lossType.get().name());
        values.put("beta", beta.value());
        values.put("lambdaD", lambdaD.value());
        values.put("lambdaU", lambdaU.value());
        values.put("learningRate", learningRate.value());
        values.put("batchSize", batchSize.longValue());
        values.put("steps", steps.longValue());
        values.put("evalEvery", evalEvery.longValue());
        values.put("seed", seed.longValue());
        values.put("sftSteps", sftSteps.longValue());
        values.put("judge", judge.get());
        memory.putInto(values);
        return memory.applyTo(RunConfigJson.withOverrides(base, values));
    }

    public void save(Path file) {
        RunConfig config = toConfig();
        if (config == null) {
            message.set("Fix the values marked in red before saving.");
            return;
        }
        executor.execute(BackgroundTask.of("Saving run config", ctx -> {
                    RunConfigJson.write(config, file);
                    return file;
                })
                .onSuccess(f -> message.set("Saved " + f))
                .onFailure(e -> message.set("Could not save " + file + ": " + e.getMessage())));
    }

    public void load(Path file) {
        executor.execute(BackgroundTask.of("Loading run config", ctx -> RunConfigJson.read(file))
                .onSuccess(config -> {
                    apply(config);
                    message.set("Loaded " + file);
                })
                .onFailure(e -> message.set(e.getMessage())));
    }

    /** Shows {@code config}'s values; fields the screen does not show are kept for the next save or start. */
    public void apply(RunConfig config) {
        base = config.withModel(config.model().withFolder(null));
        beta.set(config.beta());
        lambdaD.set(config.lambdaD());
        lambdaU.set(config.lambdaU());
        learningRate.set(config.learningRate());
        batchSize.set(config.batchSize());
        steps.set(config.steps());
        evalEvery.set(config.evalEvery());
        seed.set(config.seed());
        sftSteps.set(config.sftSteps());
        maxLength.set(config.maxLength());
        runName.set(config.name() == null ? "" : config.name());
        modelSize.set(ModelSize.of(config.model().withFolder(null)));
        modelFolder.set(config.model().folderPath());
        lossType.set(config.lossType());
        judge.set(config.judge());
        memory.apply(config);
        datasets.stream().filter(d -> d.name().equals(config.dataset())).findFirst().ifPresent(dataset::set);
        revalidate();
    }

    /** Starts the run and shows the monitor; refused while invalid or while another run trains. */
    public boolean start() {
        RunConfig config = toConfig();
        if (config == null) {
            message.set("Fix the values marked in red before starting.");
            return false;
        }
        if (launcher.runningProperty().get()) {
            message.set("A run is already training; cancel it on the monitor or wait for it to end.");
            return false;
        }
        RunInfo from = baseRun.get();
        launcher.start(config, from == null ? null : from.id());
        message.set("Started training on " + config.dataset() + (from == null ? "" : " from run #" + from.id()));
        bus.publish(new WorkbenchEvents.Navigate(Page.MONITOR));
        return true;
    }

    private boolean folderUnreadable() {
        return modelFolder.get() != null && !modelCard.errorProperty().get().isEmpty();
    }

    private void revalidate() {
        List<String> list = new ArrayList<>();
        for (NumberParameter p : parameters()) {
            if (!p.isValid()) {
                list.add(p.errorProperty().get());
            }
        }
        for (NumberParameter p : memory.parameters()) {
            if (!p.isValid()) {
                list.add(p.errorProperty().get());
            }
        }
        if (dataset.get() == null) {
            list.add("Choose a dataset.");
        }
        if (folderUnreadable()) {
            list.add("Model folder: " + modelCard.errorProperty().get());
        }
        DatasetInfo d = dataset.get();
        balance.set(d == null || !lambdaD.isValid() || !lambdaU.isValid() ? null
                : BalanceHint.of(lambdaD.value(), lambdaU.value(), d.trainDesirable(), d.trainUndesirable()));
        if (list.isEmpty()) {
            for (ConfigProblem problem : buildConfig().problems()) {
                list.add(problem.toString());
            }
        }
        problems.setAll(list);
        memory.estimate(list.isEmpty() ? buildConfig() : null, baseRun.get() == null ? null : baseRun.get().id());
    }

    /** LoRA, gradient checkpointing, precompute, device, and the memory estimate of the run as it stands. */
    public MemoryOptions memory() {
        return memory;
    }

    public List<String> judges() {
        return judgeChoice.choices();
    }

    public NumberParameter beta() {
        return beta;
    }

    public NumberParameter lambdaD() {
        return lambdaD;
    }

    public NumberParameter lambdaU() {
        return lambdaU;
    }

    public NumberParameter learningRate() {
        return learningRate;
    }

    public NumberParameter batchSize() {
        return batchSize;
    }

    public NumberParameter steps() {
        return steps;
    }

    public NumberParameter evalEvery() {
        return evalEvery;
    }

    public NumberParameter seed() {
        return seed;
    }

    public NumberParameter sftSteps() {
        return sftSteps;
    }

    /** Longest prompt + completion in tokens; 0 (or an empty field) for the default. */
    public NumberParameter maxLength() {
        return maxLength;
    }

    /** The model folder the run trains; null for the built-in GPT. */
    public ReadOnlyObjectProperty<Path> modelFolderProperty() {
        return modelFolder.getReadOnlyProperty();
    }

    public ModelCardViewModel modelCard() {
        return modelCard;
    }

    public RecentModelFolders recentFolders() {
        return recentFolders;
    }

    public StringProperty runNameProperty() {
        return runName;
    }

    public ObjectProperty<ModelSize> modelSizeProperty() {
        return modelSize;
    }

    public ObjectProperty<LossType> lossTypeProperty() {
        return lossType;
    }

    public JudgeChoice judgeChoice() {
        return judgeChoice;
    }

    public StringProperty judgeProperty() {
        return judge;
    }

    public ObservableList<DatasetInfo> datasets() {
        return datasets;
    }

    public ObjectProperty<DatasetInfo> datasetProperty() {
        return dataset;
    }

    public ReadOnlyObjectProperty<BalanceHint> balanceProperty() {
        return balance.getReadOnlyProperty();
    }

    /** What stops the run from starting, one line per problem; empty when it can start. */
    public ObservableList<String> problems() {
        return problems;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<RunInfo> baseRuns() {
        return baseRuns;
    }

    public ObjectProperty<RunInfo> baseRunProperty() {
        return baseRun;
    }
}
