package org.ktoworkbench.app.sweeps;

import java.io.File;
import java.util.List;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import org.ktoworkbench.app.chart.ChartExportControl;
import org.ktoworkbench.app.chart.MetricChartGrid;
import org.ktoworkbench.app.chart.MetricChartView;
import org.ktoworkbench.app.control.TextCells;
import org.ktoworkbench.app.layout.WhenShown;
import org.ktoworkbench.model.sweep.SweepResults;

/**
 * Sweeps: the list and the definition form on the left; for the selected sweep its progress and controls, every run's
 * curves overlaid (coloured by a chosen parameter, with a legend of its values), the results table, and the heatmap,
 * parallel coordinates and seed means beside it. Each view exports as PNG, the table as CSV.
 */
public final class SweepsPage extends VBox {
    /** How often an active sweep is read again while the page is shown (it may run here or in the CLI). */
    private static final Duration POLL = Duration.millis(700);

    private final SweepsViewModel viewModel;
    private final MetricChartGrid grid;
    private final SweepResultsTable table;
    private final HeatmapView heatmap;
    private final ParallelCoordinatesView parallel;
    private final SettingsTable seedsTable;
    private final TabPane views = new TabPane();
    private final ListView<SweepSummary> list;

    public SweepsPage(SweepsViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("page");
        setId("sweeps-page");
        grid = new MetricChartGrid(viewModel.overlay().charts());
        grid.views().forEach(v -> v.chart().setLegendVisible(false));
        grid.toolbar().getChildren().add(new ChartExportControl(grid, () -> "sweep-" + viewModel.selectedIdProperty().get()));
        table = new SweepResultsTable(viewModel.rows(), viewModel.bestPointProperty());
        table.setId("sweep-table");
        heatmap = new HeatmapView(viewModel.heatmapProperty());
        heatmap.setId("sweep-heatmap");
        parallel = new ParallelCoordinatesView(viewModel.parallelProperty());
        parallel.setId("sweep-parallel");
        seedsTable = new SettingsTable(viewModel.settings());
        list = sweepList();

        VBox left = new VBox(10, sectionTitle("Sweeps"), list, new ExperimentPresetsPane(viewModel.presets()),
                new SweepFormPane(viewModel));
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setMinWidth(300);
        leftScroll.setPrefWidth(300);

        SplitPane bottom = new SplitPane(resultsPane(), viewsPane());
        bottom.setDividerPositions(0.55);
        SplitPane right = new SplitPane(overlayPane(), bottom);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.56);
        VBox.setVgrow(right, Priority.ALWAYS);
        VBox rightColumn = new VBox(6, controls(), messageLine(), right);

        SplitPane columns = new SplitPane(leftScroll, rightColumn);
        columns.setDividerPositions(0.25);
        SplitPane.setResizableWithParent(leftScroll, false);
        VBox.setVgrow(columns, Priority.ALWAYS);
        getChildren().addAll(header(), columns);

        viewModel.resultsProperty().addListener((obs, old, now) -> showColumnsFor(now));
        showColumnsFor(viewModel.resultsProperty().get());
        Timeline poll = new Timeline(new KeyFrame(POLL, e -> viewModel.pollWhileActive()));
        poll.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                poll.stop();
            } else {
                poll.play();
            }
        });
        WhenShown.run(this, viewModel::shown);
    }

    private void showColumnsFor(SweepResults results) {
        if (results == null) {
            return;
        }
        table.showColumnsFor(results.parameters(), results.spec().metric(),
                results.rows().stream().map(SweepResults.Row::seed).distinct().count() > 1,
                results.rows().stream().anyMatch(r -> r.note() != null && !r.note().isBlank()));
        seedsTable.showColumnsFor(results.parameters(), results.spec().metric());
    }

    private HBox header() {
        Label title = new Label("Sweeps");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label();
        subtitle.setId("sweep-title");
        subtitle.getStyleClass().add("muted");
        subtitle.textProperty().bind(viewModel.titleProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        subtitle.setMinWidth(0);
        HBox box = new HBox(12, title, subtitle, grow, sweepButtons());
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private ListView<SweepSummary> sweepList() {
        ListView<SweepSummary> view = new ListView<>(viewModel.sweeps());
        view.setId("sweeps-list");
        view.setPrefHeight(120);
        view.setMinHeight(90);
        view.setPlaceholder(new Label("No sweeps yet: define one below."));
        view.setCellFactory(v -> TextCells.of(s -> s == null ? null : s.describe()));
        view.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            // a reload replaces the items and clears the selection for a moment: only a pick changes the sweep
            if (now != null) {
                viewModel.select(now.id());
            }
        });
        Runnable reselect = () -> {
            Long id = viewModel.selectedIdProperty().get();
            SweepSummary current = view.getSelectionModel().getSelectedItem();
            if (id != null && (current == null || current.id() != id)) {
                view.getItems().stream().filter(s -> s.id() == id).findFirst()
                        .ifPresent(s -> view.getSelectionModel().select(s));
            }
        };
        viewModel.sweeps().addListener((ListChangeListener<SweepSummary>) c -> reselect.run());
        viewModel.selectedIdProperty().addListener((obs, old, now) -> reselect.run());
        reselect.run();
        return view;
    }

    /** Progress of the selected sweep: points ended, and the step of the run training now. */
    private HBox controls() {
        ProgressBar bar = new ProgressBar();
        bar.setId("sweep-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(viewModel.progressProperty());
        Label text = new Label();
        text.setId("sweep-progress-text");
        text.textProperty().bind(viewModel.progressTextProperty());
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setTooltip(new Tooltip());
        text.getTooltip().textProperty().bind(viewModel.progressTextProperty());
        HBox box = new HBox(8, bar, text);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Run (or resume), pause, cancel the selected point or the whole sweep. */
    private HBox sweepButtons() {
        Button run = new Button("Run");
        run.setId("run-sweep");
        run.disableProperty().bind(viewModel.canRunProperty().not());
        run.setOnAction(e -> viewModel.run());
        Button pause = new Button("Pause");
        pause.setId("pause-sweep");
        pause.disableProperty().bind(viewModel.canPauseProperty().not());
        pause.setOnAction(e -> viewModel.pause());
        Button cancelPoint = new Button("Cancel point");
        cancelPoint.setId("cancel-point");
        cancelPoint.disableProperty().bind(viewModel.canCancelProperty().not()
                .or(table.getSelectionModel().selectedItemProperty().isNull()));
        cancelPoint.setOnAction(e -> {
            var row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                viewModel.cancelPoint(row.number());
            }
        });
        Button cancel = new Button("Cancel sweep");
        cancel.setId("cancel-sweep");
        cancel.getStyleClass().add("danger");
        cancel.disableProperty().bind(viewModel.canCancelProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        for (Button b : List.of(run, pause, cancelPoint, cancel)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox box = new HBox(8, run, pause, cancelPoint, cancel);
        box.setAlignment(Pos.CENTER_RIGHT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private Label messageLine() {
        Label message = new Label();
        message.setId("sweep-message");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.managedProperty().bind(viewModel.messageProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        return message;
    }

    private VBox overlayPane() {
        ComboBox<String> colorBy = new ComboBox<>(viewModel.colorChoices());
        colorBy.setId("sweep-color-by");
        colorBy.valueProperty().bindBidirectional(viewModel.colorByProperty());
        TextCells.use(colorBy, f -> f == null ? null : f.equals(SweepOverlay.SEED) ? "seed" : SweepField.labelOf(f));
        FlowPane legend = new FlowPane(12, 4);
        legend.setId("sweep-legend");
        Label best = new Label();
        best.getStyleClass().add("muted");
        best.textProperty().bind(viewModel.bestPointProperty().map(n -> "thick line: the best run, point #" + n).orElse(""));
        Runnable fill = () -> {
            legend.getChildren().clear();
            for (SweepOverlay.LegendEntry entry : viewModel.overlay().legend()) {
                Rectangle swatch = new Rectangle(18, 4, Color.web(entry.color()));
                HBox item = new HBox(5, swatch, new Label(entry.text()));
                item.setAlignment(Pos.CENTER_LEFT);
                item.getStyleClass().add("sweep-legend-item");
                legend.getChildren().add(item);
            }
            legend.getChildren().add(best);
        };
        viewModel.overlay().legend().addListener((ListChangeListener<SweepOverlay.LegendEntry>) c -> fill.run());
        fill.run();
        HBox top = new HBox(8, new Label("Colour by"), colorBy, legend);
        HBox.setHgrow(legend, Priority.ALWAYS);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(grid, Priority.ALWAYS);
        VBox box = new VBox(6, top, grid);
        box.setMinHeight(200);
        return box;
    }

    private VBox resultsPane() {
        Button csv = new Button("Export CSV…");
        csv.setId("export-sweep-csv");
        csv.disableProperty().bind(viewModel.selectedIdProperty().isNull());
        csv.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Sweep results as CSV");
            chooser.setInitialFileName("sweep-" + viewModel.selectedIdProperty().get() + ".csv");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
            File file = chooser.showSaveDialog(getScene().getWindow());
            if (file != null) {
                viewModel.exportCsv(file.toPath());
            }
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, sectionTitle("Results"), grow, csv);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(6, top, table);
    }

    private TabPane viewsPane() {
        seedsTable.setId("sweep-seeds-table");
        views.setId("sweep-views");
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        views.getTabs().setAll(
                tab("Heatmap", heatmap, new PngExportButton("PNG…", heatmap, () -> fileName("heatmap"), viewModel::report)),
                tab("Parallel coordinates", parallel,
                        new PngExportButton("PNG…", parallel, () -> fileName("parallel"), viewModel::report)),
                tab("Seed means", seedsTable, null));
        return views;
    }

    private String fileName(String view) {
        return "sweep-" + viewModel.selectedIdProperty().get() + "-" + view + ".png";
    }

    private static Tab tab(String title, Node content, Button export) {
        VBox box = new VBox(6);
        if (export != null) {
            export.setId("export-" + title.toLowerCase().replace(' ', '-'));
            HBox bar = new HBox(export);
            bar.setAlignment(Pos.CENTER_RIGHT);
            box.getChildren().add(bar);
        }
        VBox.setVgrow(content, Priority.ALWAYS);
        box.getChildren().add(content);
        box.setStyle("-fx-padding: 6 0 0 0;");
        return new Tab(title, box);
    }

    private static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    public SweepsViewModel viewModel() {
        return viewModel;
    }

    public MetricChartGrid grid() {
        return grid;
    }

    public SweepResultsTable table() {
        return table;
    }

    public HeatmapView heatmap() {
        return heatmap;
    }

    public ParallelCoordinatesView parallel() {
        return parallel;
    }

    public TabPane views() {
        return views;
    }

    /** Draws every chart now (exports and screenshots). */
    public void redrawNow() {
        grid.views().forEach(MetricChartView::redrawNow);
    }
}
