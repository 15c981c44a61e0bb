package org.ktoworkbench.app.monitor;

import java.util.function.Function;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.ktoworkbench.app.chart.ChartExportControl;
import org.ktoworkbench.app.chart.MetricChartGrid;
import org.ktoworkbench.model.store.SampleRecord;

/** The live run: progress and cancel, the four charts, and the judged samples per eval point. */
public final class MonitorPage extends VBox {
    /** How often a run that is not this GUI's own is re-read from the store. */
    private static final Duration POLL = Duration.millis(500);

    private final MonitorViewModel viewModel;
    private final MetricChartGrid grid;

    public MonitorPage(MonitorViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("page");
        setId("monitor-page");
        grid = new MetricChartGrid(viewModel.charts());
        grid.toolbar().getChildren().add(new ChartExportControl(grid, () -> "run-" + viewModel.runId()));
        SplitPane split = new SplitPane(grid, samplesPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header(), progressRow(), split);
        Timeline poll = new Timeline(new KeyFrame(POLL, e -> viewModel.pollOnce()));
        poll.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                poll.stop();
            } else {
                poll.play();
            }
        });
    }

    public MonitorViewModel viewModel() {
        return viewModel;
    }

    public MetricChartGrid grid() {
        return grid;
    }

    private HBox header() {
        Label title = new Label("Monitor");
        title.getStyleClass().add("page-title");
        Label run = new Label();
        run.setId("monitor-run-title");
        run.getStyleClass().add("muted");
        run.textProperty().bind(viewModel.titleProperty());
        HBox box = new HBox(12, title, run);
        box.setAlignment(Pos.BASELINE_LEFT);
        return box;
    }

    private HBox progressRow() {
        ProgressBar bar = new ProgressBar();
        bar.setId("run-progress");
        bar.setPrefWidth(320);
        bar.progressProperty().bind(viewModel.progressProperty());
        Label text = new Label();
        text.setId("run-progress-text");
        text.textProperty().bind(viewModel.progressTextProperty());
        Label status = new Label();
        status.setId("run-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(viewModel.statusTextProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button cancel = new Button("Cancel run");
        cancel.setId("cancel-run");
        cancel.getStyleClass().add("danger");
        cancel.disableProperty().bind(viewModel.canCancelProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        HBox box = new HBox(12, bar, text, grow, status, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private VBox samplesPane() {
        ComboBox<Long> step = new ComboBox<>(viewModel.sampleSteps());
        step.setId("sample-step");
        step.valueProperty().bindBidirectional(viewModel.selectedSampleStepProperty());
        HBox top = new HBox(8, sectionTitle("Samples at eval step"), step);
        top.setAlignment(Pos.CENTER_LEFT);
        TableView<SampleRecord> table = new TableView<>(viewModel.samples());
        table.setId("samples-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                column("Prompt", SampleRecord::prompt, 200),
                column("Reference completion", SampleRecord::referenceText, 260),
                column("Policy completion", SampleRecord::policyText, 260),
                column("Verdict", SampleRecord::verdict, 120)));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(6, top, table);
    }

    private static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    private static TableColumn<SampleRecord, String> column(String title, Function<SampleRecord, String> value, double width) {
        TableColumn<SampleRecord, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty || text == null ? null : text.replace('\n', '⏎'));
            }
        });
        return column;
    }
}
