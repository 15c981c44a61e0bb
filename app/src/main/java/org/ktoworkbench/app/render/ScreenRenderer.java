package org.ktoworkbench.app.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


import org.ktoworkbench.app.WorkbenchShell;
import org.ktoworkbench.app.datasets.DatasetsPage;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.sweeps.SweepField;
import org.ktoworkbench.app.sweeps.SweepForm;
import org.ktoworkbench.app.sweeps.SweepsPage;
import org.ktoworkbench.app.theme.ThemeMode;
import org.ktoworkbench.model.sample.SampleData;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.train.RunConfigJson;

/**
 * Renders each main screen to PNG without a display, with real data:
 * {@code ScreenRenderer OUT_DIR [--workspace DIR] [--quick] [--dark] [--model-folder DIR]}. Without a workspace it uses a fresh one (the
 * sample dataset is imported); when the workspace has no runs it trains two through the run screen (β 0.1, then β 0.5
 * from the first one's SFT model), capturing the monitor while the second one trains. The runs are the embedded
 * task, shortened so that both finish in a few minutes and still learn; then a 3 × 2 sweep of β × λD from the first run's
 * SFT model, defined on the Sweeps page; {@code --quick} trains a tiny model for seconds instead (it does not learn);
 * {@code --dark} renders the dark theme. {@code --model-folder DIR} then also renders the run screen with that model
 * folder chosen and the datasets page's tokens of a conversational sample row for it.
 */
public final class ScreenRenderer {
    public static final int WIDTH = ScreenCapture.WIDTH;
    public static final int HEIGHT = ScreenCapture.HEIGHT;
    /** The embedded task, shortened: about two minutes per run on two CPU cores, and it learns. */
    static final String DEMO_RUN = "{\"sftSteps\": 1000, \"steps\": 400, \"evalEvery\": 50, \"checkpointEvery\": 0,"
            + " \"name\": \"demo\"}";
    /** Two short runs on a tiny model: seconds each on two CPU cores. */
    static final String QUICK_RUN = "{\"model\": {\"layers\": 1, \"dModel\": 64, \"heads\": 4, \"contextLength\": 32},"
            + " \"sftSteps\": 150, \"sftBatchSize\": 16, \"steps\": 160, \"evalEvery\": 20, \"evalPrompts\": 24,"
            + " \"maxNewTokens\": 8, \"checkpointEvery\": 0, \"batchSize\": 16, \"name\": \"demo\"}";

    /** The demo sweep: 3 × 2 points, λD 1 outside the balance range (the page warns), 1.5 inside. */
    static final String SWEEP_BETAS = "0.05, 0.1, 0.5";
    static final String SWEEP_LAMBDA_DS = "1, 1.5";

    private final ScreenCapture screens;
    private final WorkbenchShell shell;
    private final String demoRun;
    private final Path modelFolder;

    private ScreenRenderer(ScreenCapture screens, String demoRun, Path modelFolder) {
        this.screens = screens;
        this.shell = screens.shell;
        this.demoRun = demoRun;
        this.modelFolder = modelFolder;
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path workspace = null;
        Path modelFolder = null;
        boolean quick = false;
        ThemeMode theme = ThemeMode.LIGHT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--dark")) {
                theme = ThemeMode.DARK;
            } else if (args[i].equals("--workspace") && i + 1 < args.length) {
                workspace = Path.of(args[++i]);
            } else if (args[i].equals("--model-folder") && i + 1 < args.length) {
                modelFolder = Path.of(args[++i]);
            } else if (out == null && !args[i].startsWith("--")) {
                out = Path.of(args[i]);
            } else {
                out = null;
                break;
            }
        }
        if (out == null) {
            System.err.println("usage: ScreenRenderer OUT_DIR [--workspace DIR] [--quick] [--dark] [--model-folder DIR]");
            System.exit(2);
        }
        FxRuntime.startHeadless();
        List<Path> files = render(out, workspace, quick ? QUICK_RUN : DEMO_RUN, theme, modelFolder);
        files.forEach(p -> System.out.println("wrote " + p));
        System.exit(0);
    }

    /** @param modelFolder a model folder to render the run screen and the tokens tab with; null: none */
    public static List<Path> render(Path out, Path workspaceDir, String demoRun, ThemeMode theme, Path modelFolder)
            throws Exception {
        try (ScreenCapture screens = ScreenCapture.open(out, workspaceDir, theme)) {
            new ScreenRenderer(screens, demoRun, modelFolder).renderAll();
            return screens.written();
        }
    }

    private void renderAll() throws Exception {
        waitFor("the sample dataset", () -> FxRuntime.call(() -> shell.datasets().totalRows() > 0));
        FxRuntime.run(() -> shell.datasets().selectedRowProperty().set(shell.datasets().visibleRows().get(3)));
        capture(Page.DATASETS, "datasets");
        FxRuntime.run(() -> ((DatasetsPage) shell.window().page(Page.DATASETS)).showStatistics());
        capture(Page.DATASETS, "datasets-statistics");

        boolean hasRuns = !shell.workspace().runs().listRuns().isEmpty();
        FxRuntime.run(() -> shell.navigation().show(Page.RUN_SETUP));
        waitFor("the run screen's dataset", () -> FxRuntime.call(() -> shell.setup().datasetProperty().get() != null));
        if (!hasRuns) {
            FxRuntime.run(() -> shell.setup().apply(RunConfigJson.fromJson(demoRun)));
        }
        capture(Page.RUN_SETUP, "run-setup");
        if (!hasRuns) {
            train(0.1, null);
            startFromTheSftRun();
            train(0.5, "monitor-live");
        }
        capture(Page.MONITOR, "monitor");
        FxRuntime.run(() -> shell.runs().reload());
        FxRuntime.settle(500);
        FxRuntime.run(() -> {
            var table = ((org.ktoworkbench.app.runs.RunsPage) shell.window().page(Page.RUNS)).table();
            table.getItems().stream().filter(r -> r.info().kind().equals("kto")).forEach(r -> table.getSelectionModel().select(r));
            shell.runs().compare(List.copyOf(table.getSelectionModel().getSelectedItems()));
        });
        capture(Page.RUNS, "runs");
        waitFor("the comparison", () -> FxRuntime.call(() -> shell.compare().charts().charts().get(0).curveNames().size() >= 2));
        capture(Page.COMPARE, "compare");
        renderSweeps();
        if (modelFolder != null) {
            renderModelFolder();
        }
    }

    /** Last, since a run started after it would train the folder: the run screen on it, then a row's tokens. */
    private void renderModelFolder() throws Exception {
        FxRuntime.run(() -> shell.setup().chooseFolder(modelFolder));
        waitFor("the model card", () -> FxRuntime.call(() -> !shell.setup().modelCard().readingProperty().get()));
        capture(Page.RUN_SETUP, "run-setup-model-folder");

        Path chat = SampleData.copyTo(SampleData.CONVERSATIONAL,
                Files.createTempDirectory("kto-render-chat").resolve(SampleData.CONVERSATIONAL));
        FxRuntime.run(() -> shell.datasets().importFile(chat));
        waitFor("the conversational sample", () -> FxRuntime.call(() -> shell.datasets().selectedDatasetProperty().get() != null
                && shell.datasets().selectedDatasetProperty().get().source().endsWith(SampleData.CONVERSATIONAL)
                && shell.datasets().totalRows() > 0));
        FxRuntime.run(() -> {
            DatasetsPage page = (DatasetsPage) shell.window().page(Page.DATASETS);
            page.showTokens();
            shell.datasets().selectedRowProperty().set(shell.datasets().visibleRows().get(0));
        });
        waitFor("the row's tokens", () -> FxRuntime.call(() -> shell.tokens().tokensProperty().get() != null));
        capture(Page.DATASETS, "datasets-tokens");
    }

    /**
     * A β × λD sweep defined on the Sweeps page over the run screen's config, KTO from the first run's SFT model:
     * captured live while its third point trains, then finished with the heatmap and with the parallel coordinates.
     * A workspace that has sweeps already shows its latest one instead.
     */
    private void renderSweeps() throws Exception {
        List<SweepInfo> existing = shell.workspace().sweeps().list();
        if (existing.isEmpty()) {
            FxRuntime.run(() -> shell.setup().apply(RunConfigJson.fromJson(demoRun)));
            startFromTheSftRun();
            FxRuntime.run(() -> shell.navigation().show(Page.SWEEPS));
            FxRuntime.settle(300);
            FxRuntime.run(() -> {
                SweepForm form = shell.sweeps().form();
                form.nameProperty().set("demo β × λD");
                form.field(SweepField.BETA).textProperty().set(SWEEP_BETAS);
                form.field(SweepField.LAMBDA_D).textProperty().set(SWEEP_LAMBDA_DS);
                if (!shell.sweeps().createAndRun()) {
                    throw new IllegalStateException("the demo sweep did not start: " + shell.sweeps().messageProperty().get());
                }
            });
            long halfway = RunConfigJson.fromJson(demoRun).steps() / 2;
            waitFor("the sweep's third point to be halfway", () -> FxRuntime.call(() -> {
                List<SweepResults.Row> rows = shell.sweeps().rows();
                long ended = rows.stream().filter(r -> !r.status().equals("pending") && !r.status().equals("running")).count();
                String third = rows.size() > 2 ? shell.sweeps().overlay().label(3) : null;
                return ended >= 2 && third != null && shell.sweeps().overlay().charts().charts().get(0)
                        .pointCount(third + " · loss") >= halfway;
            }));
            capture(Page.SWEEPS, "sweeps-live");
            waitFor("the sweep to end", () -> FxRuntime.call(() -> !shell.launcher().runningProperty().get()));
        } else {
            FxRuntime.run(() -> shell.sweeps().select(existing.get(existing.size() - 1).id()));
        }
        waitFor("the sweep's results", () -> FxRuntime.call(() -> shell.sweeps().parallelProperty().get() != null
                && shell.sweeps().rows().stream().noneMatch(r -> r.status().equals("running"))));
        FxRuntime.run(() -> sweepsPage().views().getSelectionModel().select(0));
        capture(Page.SWEEPS, "sweeps");
        FxRuntime.run(() -> sweepsPage().views().getSelectionModel().select(1));
        capture(Page.SWEEPS, "sweeps-parallel");
    }

    private SweepsPage sweepsPage() {
        return (SweepsPage) shell.window().page(Page.SWEEPS);
    }

    /** The next run is KTO alone, from the SFT model the first run trained (as a researcher sweeping β would). */
    private void startFromTheSftRun() throws Exception {
        FxRuntime.run(() -> shell.setup().reloadBaseRuns());
        waitFor("the SFT run as a base", () -> FxRuntime.call(() ->
                shell.setup().baseRuns().stream().anyMatch(r -> r.kind().equals("sft"))));
        FxRuntime.run(() -> shell.setup().baseRunProperty().set(shell.setup().baseRuns().stream()
                .filter(r -> r.kind().equals("sft")).findFirst().orElseThrow()));
    }

    /** Starts a run with β = {@code beta}; with a name, captures the monitor halfway through. */
    private void train(double beta, String liveShot) throws Exception {
        long lastRunBefore = shell.workspace().runs().listRuns().stream().mapToLong(r -> r.id()).max().orElse(0);
        FxRuntime.run(() -> {
            shell.setup().beta().set(beta);
            shell.setup().runNameProperty().set("demo β=" + beta);
            if (!shell.setup().start()) {
                throw new IllegalStateException("the demo run did not start: " + shell.setup().messageProperty().get());
            }
        });
        if (liveShot != null) {
            long halfway = RunConfigJson.fromJson(demoRun).steps() / 2;
            waitFor("the KTO phase to be halfway", () -> {
                long shown = FxRuntime.call(() -> shell.monitor().runId());
                boolean ktoOfThisLaunch = shown > lastRunBefore && shell.workspace().runs().run(shown)
                        .map(r -> r.kind().equals("kto")).orElse(false);
                return ktoOfThisLaunch && FxRuntime.call(() -> shell.monitor().charts().charts().get(0).totalPointCount()) >= halfway;
            });
            capture(Page.MONITOR, liveShot);
        }
        waitFor("the run to end", () -> FxRuntime.call(() -> !shell.launcher().runningProperty().get()));
        FxRuntime.settle(300);
    }

    private void capture(Page page, String name) throws Exception {
        screens.capture(page, name);
    }

    private static void waitFor(String what, ScreenCapture.Condition condition) throws Exception {
        ScreenCapture.waitFor(what, condition);
    }
}
