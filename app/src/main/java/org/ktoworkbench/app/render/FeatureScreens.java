package org.ktoworkbench.app.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;

import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.sweeps.SweepField;
import org.ktoworkbench.app.sweeps.SweepForm;
import org.ktoworkbench.app.sweeps.SweepsPage;
import org.ktoworkbench.app.theme.ThemeMode;
import org.ktoworkbench.model.experiments.Presets;
import org.ktoworkbench.model.train.RunConfigJson;

/**
 * Renders the screens of the judge, sample-length and sweep-preset features to PNG without a display, on a fresh
 * workspace with tiny models (seconds per run: the numbers say nothing): {@code FeatureScreens OUT_DIR [--dark]}.
 * Run setup's judge card after testing the built-in judge and with a malformed spec; the monitor's sample-length chart;
 * a quick experiment preset while its second arm trains; a random-draw sweep defined and then finished.
 */
public final class FeatureScreens {
    private final ScreenCapture screens;

    private FeatureScreens(ScreenCapture screens) {
        this.screens = screens;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("usage: FeatureScreens OUT_DIR [--dark]");
            System.exit(2);
        }
        ThemeMode theme = List.of(args).contains("--dark") ? ThemeMode.DARK : ThemeMode.LIGHT;
        FxRuntime.startHeadless();
        try (ScreenCapture screens = ScreenCapture.open(Path.of(args[0]), null, theme)) {
            new FeatureScreens(screens).renderAll();
            screens.written().forEach(p -> System.out.println("wrote " + p));
        }
        System.exit(0);
    }

    private void renderAll() throws Exception {
        var shell = screens.shell;
        FxRuntime.run(() -> shell.navigation().show(Page.RUN_SETUP));
        ScreenCapture.waitFor("the run screen's dataset", () -> FxRuntime.call(() -> shell.setup().datasetProperty().get() != null));
        ScreenCapture.waitFor("the judge's example pair", () -> FxRuntime.call(() ->
                !shell.setup().judgeChoice().promptProperty().get().isBlank()));
        FxRuntime.run(() -> shell.setup().judgeChoice().test());
        ScreenCapture.waitFor("the judge's verdict", () -> FxRuntime.call(() ->
                !shell.setup().judgeChoice().verdictProperty().get().isEmpty()));
        // the memory card with gradient checkpointing on: its estimate redone for the option
        FxRuntime.run(() -> shell.setup().memory().gradientCheckpointingProperty().set(true));
        ScreenCapture.waitFor("the memory estimate", () -> FxRuntime.call(() ->
                shell.setup().memory().estimateProperty().get().contains("recomputed")));
        scrollToEnd(Page.RUN_SETUP, "#memory-card");
        screens.capture(Page.RUN_SETUP, "run-setup-memory");
        FxRuntime.run(() -> shell.setup().memory().gradientCheckpointingProperty().set(false));
        scrollToEnd(Page.RUN_SETUP, "#judge-card");
        screens.capture(Page.RUN_SETUP, "run-setup-judge");
        FxRuntime.run(() -> shell.setup().judgeChoice().specProperty().set("openai:ftp://127.0.0.1:8000/v1#my-model"));
        screens.capture(Page.RUN_SETUP, "run-setup-judge-invalid");
        FxRuntime.run(() -> shell.setup().judgeChoice().specProperty().set("arithmetic"));

        // a short run: the monitor's sample-length chart at its eval points
        FxRuntime.run(() -> {
            shell.setup().apply(RunConfigJson.fromJson(ScreenRenderer.QUICK_RUN));
            if (!shell.setup().start()) {
                throw new IllegalStateException("the run did not start: " + shell.setup().messageProperty().get());
            }
        });
        ScreenCapture.waitFor("the run to end", () -> FxRuntime.call(() -> !shell.launcher().runningProperty().get()));
        FxRuntime.settle(500);
        screens.capture(Page.MONITOR, "monitor-lengths");

        // an experiment preset, quick, captured while its second arm trains
        FxRuntime.run(() -> shell.navigation().show(Page.SWEEPS));
        FxRuntime.settle(300);
        FxRuntime.run(() -> {
            shell.sweeps().presets().quickProperty().set(true);
            shell.sweeps().presets().seeds().set(1);
            shell.sweeps().presets().start(Presets.find("kto-vs-dpo").orElseThrow());
        });
        ScreenCapture.waitFor("the preset's second arm", () -> FxRuntime.call(() ->
                shell.sweeps().presets().statusProperty().get().matches(".*arm [23] of 3, step \\d+ / 24.*")
                        && shell.sweeps().overlay().charts().charts().get(0).curveNames().size() >= 2));
        screens.capture(Page.SWEEPS, "sweeps-preset-live");
        ScreenCapture.waitFor("the preset to end", () -> FxRuntime.call(() -> !shell.launcher().runningProperty().get()));
        ScreenCapture.waitFor("its results", () -> FxRuntime.call(() -> shell.sweeps().rows().size() == 3
                && shell.sweeps().rows().stream().allMatch(r -> r.status().equals("completed"))));
        screens.capture(Page.SWEEPS, "sweeps-preset");

        // random draws over the run screen's config, KTO from the short run's SFT model
        FxRuntime.run(() -> shell.setup().reloadBaseRuns());
        ScreenCapture.waitFor("the SFT run as a base", () -> FxRuntime.call(() ->
                shell.setup().baseRuns().stream().anyMatch(r -> r.kind().equals("sft"))));
        FxRuntime.run(() -> {
            shell.setup().apply(RunConfigJson.withOverrides(RunConfigJson.fromJson(ScreenRenderer.QUICK_RUN),
                    Map.of("steps", 60, "evalEvery", 20)));
            shell.setup().baseRunProperty().set(shell.setup().baseRuns().stream()
                    .filter(r -> r.kind().equals("sft")).findFirst().orElseThrow());
            shell.navigation().show(Page.SWEEPS);
        });
        FxRuntime.settle(300);
        FxRuntime.run(() -> {
            SweepForm form = shell.sweeps().form();
            form.refreshBase();
            form.nameProperty().set("random β × λD");
            form.draws().set(6);
            form.range(SweepField.BETA).textProperty().set("0.02:0.5");
            form.range(SweepField.BETA).logProperty().set(true);
            form.range(SweepField.LAMBDA_D).textProperty().set("1:2");
        });
        scrollToEnd(Page.SWEEPS, "#sweep-draws");
        screens.capture(Page.SWEEPS, "sweeps-random-form");
        FxRuntime.run(() -> {
            if (!shell.sweeps().createAndRun()) {
                throw new IllegalStateException("the sweep did not start: " + shell.sweeps().messageProperty().get());
            }
        });
        ScreenCapture.waitFor("the sweep to start", () -> FxRuntime.call(() -> shell.launcher().runningProperty().get()));
        ScreenCapture.waitFor("the sweep to end", () -> FxRuntime.call(() -> !shell.launcher().runningProperty().get()));
        ScreenCapture.waitFor("its results", () -> FxRuntime.call(() -> shell.sweeps().rows().size() == 6
                && shell.sweeps().parallelProperty().get() != null
                && shell.sweeps().rows().stream().noneMatch(r -> r.status().equals("running"))));
        FxRuntime.run(() -> ((SweepsPage) shell.window().page(Page.SWEEPS)).views().getSelectionModel().select(1));
        screens.capture(Page.SWEEPS, "sweeps-random");
    }

    /** Scrolls the page's scroll pane that holds {@code query} so that the node is near the top of the view. */
    private void scrollToEnd(Page page, String query) throws Exception {
        FxRuntime.run(() -> screens.shell.navigation().show(page));
        FxRuntime.settle(300);
        FxRuntime.run(() -> {
            Node node = screens.scene().getRoot().lookup(query);
            for (var p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane pane) {
                    Node content = pane.getContent();
                    double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                    double room = content.getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
                    pane.setVvalue(room <= 0 ? 0 : Math.max(0, Math.min(1, (y - 20) / room)));
                    return;
                }
            }
        });
    }
}
