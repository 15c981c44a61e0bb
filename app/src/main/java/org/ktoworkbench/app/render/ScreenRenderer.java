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

    public static List<Path> render(Path out, Path workspaceDir) throws Exception {
        Files.createDirectories(out);
        WorkbenchShell shell = FxRuntime.call(() -> WorkbenchShell.open(workspaceDir, new FxTaskExecutor()));
        Scene scene = FxRuntime.call(() -> {
            Scene s = new Scene(shell.root(), WIDTH, HEIGHT);
            ThemeManager.styleScene(s);
            Stage stage = new Stage();
            stage.setScene(s);
            stage.show();
            return s;
        });
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
            FxRuntime.run(() -> {
                try {
                    PngWriter.write(scene, file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            written.add(file);
        }
        FxRuntime.run(shell::close);
        return written;
    }
}
