package org.ktoworkbench.app.render;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.ktoworkbench.app.export.PngWriter;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.theme.ThemeManager;
import org.ktoworkbench.app.theme.ThemeMode;

/** The workbench window on a headless stage, and its pages written as PNG files: what the screenshot tools share. */
final class ScreenCapture implements AutoCloseable {
    static final int WIDTH = 1400;
    static final int HEIGHT = 900;

    final WorkbenchShell shell;
    private final Scene scene;
    private final Path out;
    private final List<Path> written = new ArrayList<>();

    private ScreenCapture(WorkbenchShell shell, Scene scene, Path out) {
        this.shell = shell;
        this.scene = scene;
        this.out = out;
    }

    /** The workbench on workspace {@code dir} (a fresh one when null), shown in {@code theme}, writing into {@code out}. */
    static ScreenCapture open(Path out, Path dir, ThemeMode theme) throws Exception {
        Files.createDirectories(out);
        Path workspace = dir != null ? dir : Files.createTempDirectory("kto-render").resolve("workspace");
        Path settings = Files.createTempDirectory("kto-render-settings").resolve(WorkbenchShell.SETTINGS_FILE);
        WorkbenchShell shell = FxRuntime.call(() -> WorkbenchShell.open(workspace, settings, new FxTaskExecutor()));
        Scene scene = FxRuntime.call(() -> {
            shell.theme().modeProperty().set(theme);
            Scene s = new Scene(shell.root(), WIDTH, HEIGHT);
            ThemeManager.styleScene(s);
            Stage stage = new Stage();
            stage.setScene(s);
            stage.show();
            return s;
        });
        return new ScreenCapture(shell, scene, out);
    }

    /** Shows {@code page}, lets it settle, draws its charts now and writes {@code <out>/<name>.png}. */
    void capture(Page page, String name) throws Exception {
        FxRuntime.run(() -> shell.navigation().show(page));
        FxRuntime.settle(600);
        FxRuntime.run(() -> {
            for (Node chart : scene.getRoot().lookupAll(".metric-chart")) {
                ((MetricChartView) chart).redrawNow();
            }
        });
        FxRuntime.settle(300);
        Path file = out.resolve(name + ".png");
        FxRuntime.run(() -> {
            try {
                PngWriter.write(scene, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        written.add(file);
    }

    Scene scene() {
        return scene;
    }

    List<Path> written() {
        return List.copyOf(written);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitFor(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        FxRuntime.run(shell::close);
    }
}
