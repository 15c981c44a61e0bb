package org.ktoworkbench.app.runs;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import org.ktoworkbench.app.chart.ValueFormat;
import org.ktoworkbench.app.control.Chips;
import org.ktoworkbench.model.store.RunStatus;

/** The sortable, multi-select table of runs: status, hyperparameters and final metrics (runs page, comparison). */
public final class RunsTable extends TableView<RunRow> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Set<Long> selectionToRestore = Set.of();
    private boolean restorePending;

    public RunsTable(ObservableList<RunRow> rows) {
        keepSelectionAcrossReloads(rows);
        SortedList<RunRow> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setFixedCellSize(30);
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RunRow, RunStatus> status = column("Status", RunRow::status, 110);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(RunStatus s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                setGraphic(empty || s == null ? null : Chips.status(s.name()));
            }
        });
        getColumns().setAll(java.util.List.of(
                column("#", RunRow::id, 50),
                column("Name", r -> r.info().name(), 150),
                column("Kind", r -> r.info().kind(), 55),
                column("Dataset", r -> r.info().datasetName(), 130),
                status,
                numberColumn("β", RunRow::beta, 58),
                numberColumn("λD", RunRow::lambdaD, 58),
                numberColumn("λU", RunRow::lambdaU, 58),
                numberColumn("lr", RunRow::learningRate, 74),
                column("Steps", r -> r.steps() == null ? null : r.steps().longValue(), 64),
                numberColumn("Loss", RunRow::finalLoss, 74),
                numberColumn("Margin", RunRow::finalMargin, 74),
                numberColumn("Winrate", RunRow::finalWinrate, 74),
                column("Created", r -> TIME.format(r.info().createdAt()), 140)));
    }

    /**
     * A reload replaces every row, which clears the selection; the same runs are selected again afterwards. Registered
     * before the table sees {@code rows}, so it runs while the old selection is still there; reloads that follow
     * each other before the selection is back keep the selection from before the first.
     */
    private void keepSelectionAcrossReloads(ObservableList<RunRow> rows) {
        rows.addListener((ListChangeListener<RunRow>) change -> {
            if (!restorePending) {
                selectionToRestore = getSelectionModel().getSelectedItems().stream().map(RunRow::id)
                        .collect(Collectors.toSet());
            }
            if (selectionToRestore.isEmpty()) {
                return;
            }
            restorePending = true;
            Platform.runLater(() -> {
                restorePending = false;
                getSelectionModel().clearSelection();
                getItems().stream().filter(r -> selectionToRestore.contains(r.id())).forEach(getSelectionModel()::select);
            });
        });
    }

    private static <T> TableColumn<RunRow, T> column(String title, Function<RunRow, T> value, double width) {
        TableColumn<RunRow, T> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private static TableColumn<RunRow, Double> numberColumn(String title, Function<RunRow, Double> value, double width) {
        TableColumn<RunRow, Double> column = column(title, value, width);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : ValueFormat.compact(v));
            }
        });
        return column;
    }
}
