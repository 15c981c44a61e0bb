package org.ktoworkbench.app.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;

import org.ktoworkbench.app.WorkbenchShell;
import org.ktoworkbench.app.chart.MetricChartView;
import org.ktoworkbench.app.concurrent.FxTaskExecutor;
import org.ktoworkbench.app.datasets.DatasetsPage;
import org.ktoworkbench.app.export.PngWriter;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.theme.ThemeManager;

/**
 * Renders each main screen to a PNG without a display: {@code ScreenRenderer OUT_DIR [--workspace DIR]}.
 */
public final class ScreenRenderer {
    public static final int WIDTH = 1400;
    public static final int HEIGHT = 900;

    private ScreenRenderer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--workspace"))) {
            System.err.println("usage: ScreenRenderer OUT_DIR [--workspace DIR]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Path workspace = args.length == 3 ? Path.of(args[2]) : null;
        FxRuntime.startHeadless();
        List<Path> written = render(out, workspace);
        written.forEach(p -> System.out.println("wrote " + p));
        System.exit(0);
    }

    private static void snapshot(Scene scene, Path file) {
        try {
            PngWriter.write(scene, file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    public static List<Path> render(Path out, Path workspaceDir) throws Exception {
        Files.createDirectories(out);
        Path dir = workspaceDir != null ? workspaceDir : Files.createTempDirectory("kto-render").resolve("workspace");
        Path settings = Files.createTempDirectory("kto-render-settings").resolve(WorkbenchShell.SETTINGS_FILE);
        WorkbenchShell shell = FxRuntime.call(() -> WorkbenchShell.open(dir, settings, new FxTaskExecutor()));
        Scene scene = FxRuntime.call(() -> {
            Scene s = new Scene(shell.root(), WIDTH, HEIGHT);
            ThemeManager.styleScene(s);
            Stage stage = new Stage();
            stage.setScene(s);
            stage.show();
            return s;
        });
        waitFor("the datasets page to load rows", () -> FxRuntime.call(() -> shell.datasets().totalRows() > 0));
        FxRuntime.run(() -> shell.datasets().selectedRowProperty().set(shell.datasets().visibleRows().get(0)));
        List<Path> written = new ArrayList<>();
        for (Page page : Page.values()) {
            FxRuntime.run(() -> shell.navigation().show(page));
            FxRuntime.settle(600);
            Path file = out.resolve(page.name().toLowerCase().replace('_', '-') + ".png");
            FxRuntime.run(() -> {
                for (Node chart : scene.getRoot().lookupAll(".metric-chart")) {
                    ((MetricChartView) chart).redrawNow();
                }
            });
            FxRuntime.settle(300);
            FxRuntime.run(() -> snapshot(scene, file));
            written.add(file);
            if (page == Page.DATASETS) {
                Path stats = out.resolve("datasets-statistics.png");
                FxRuntime.run(() -> ((DatasetsPage) shell.window().page(Page.DATASETS)).showStatistics());
                FxRuntime.settle(400);
                FxRuntime.run(() -> snapshot(scene, stats));
                written.add(stats);
            }
        }
        FxRuntime.run(shell::close);
        return written;
    }
}
