package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import org.ktoworkbench.app.chart.ValueFormat;
import org.ktoworkbench.app.control.Chips;
import org.ktoworkbench.model.sweep.SweepResults;

/**
 * A sweep's points: the parameters it varies, seed (when seeds vary), status, the metric with its 95% interval and why
 * it ended as it did (when a point has a note); the CSV export has the run ids too. Sortable; the sort and the selected point survive the table filling in as runs finish. The best point is
 * highlighted and starred.
 */
public final class SweepResultsTable extends TableView<SweepResults.Row> {
    private static final PseudoClass BEST = PseudoClass.getPseudoClass("best");

    private final ReadOnlyObjectProperty<Integer> best;
    private List<String> parameters = List.of();
    private String metric = "";
    private boolean seeds;
    private boolean notes;

    public SweepResultsTable(ObservableList<SweepResults.Row> rows, ReadOnlyObjectProperty<Integer> best) {
        this.best = best;
        getStyleClass().add("sweep-results");
        SortedList<SweepResults.Row> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setFixedCellSize(28);
        setPlaceholder(new Label("No points yet."));
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        keepSelectedPoint(rows);
        setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SweepResults.Row row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(BEST, !empty && row != null && row.number() == bestNumber());
            }
        });
        best.addListener((obs, old, now) -> refresh());
        buildColumns();
    }

    private int bestNumber() {
        return best.get() == null ? -1 : best.get();
    }

    /**
     * The columns follow the sweep: its parameters and metric, a seed column when seeds vary and a note column when a
     * point has a note; rebuilt only when those change.
     */
    public void showColumnsFor(List<String> sweepParameters, String sweepMetric, boolean seedsVary, boolean anyNote) {
        if (sweepParameters.equals(parameters) && sweepMetric.equals(metric) && seedsVary == seeds && anyNote == notes) {
            return;
        }
        parameters = List.copyOf(sweepParameters);
        metric = sweepMetric;
        seeds = seedsVary;
        notes = anyNote;
        buildColumns();
    }

    private void buildColumns() {
        List<TableColumn<SweepResults.Row, ?>> columns = new ArrayList<>();
        TableColumn<SweepResults.Row, Integer> number = column("#", SweepResults.Row::number, 42);
        number.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Integer n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : (n == bestNumber() ? "★ " : "") + n);
            }
        });
        columns.add(number);
        for (String p : parameters) {
            TableColumn<SweepResults.Row, String> c = column(SweepField.labelOf(p), r -> ParameterColors.display(r.values().get(p)), 56);
            c.setComparator(SweepResultsTable::compareValues);
            c.setId("column-" + p);
            columns.add(c);
        }
        if (seeds) {
            columns.add(column("Seed", SweepResults.Row::seed, 50));
        }
        TableColumn<SweepResults.Row, String> status = column("Status", SweepResults.Row::status, 92);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                setGraphic(empty || s == null ? null : Chips.status(s));
            }
        });
        columns.add(status);
        TableColumn<SweepResults.Row, Double> value = numberColumn(metric.isEmpty() ? "Metric" : metric,
                SweepResults.Row::metric, 72);
        value.setId("column-metric");
        columns.add(value);
        columns.add(column("95% interval", r -> r.lower() == null ? null
                : "[" + ValueFormat.compact(r.lower()) + ", " + ValueFormat.compact(r.upper()) + "]", 118));
        if (!notes) {
            getColumns().setAll(columns);
            return;
        }
        TableColumn<SweepResults.Row, String> note = column("Note", SweepResults.Row::note, 160);
        note.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null ? null : new Tooltip(s));
            }
        });
        columns.add(note);
        getColumns().setAll(columns);
    }

    /** A sweep's parameter values are JSON text in the store; numbers sort as numbers. */
    private static int compareValues(String a, String b) {
        if (a != null && b != null && ParameterColors.isNumber(a) && ParameterColors.isNumber(b)) {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        }
        return a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b);
    }

    /** The rows are replaced at each change; the same point is selected again afterwards. */
    private void keepSelectedPoint(ObservableList<SweepResults.Row> rows) {
        int[] keep = {-1};
        rows.addListener((ListChangeListener<SweepResults.Row>) change -> {
            SweepResults.Row selected = getSelectionModel().getSelectedItem();
            if (selected != null) {
                keep[0] = selected.number();
            }
            Platform.runLater(() -> getItems().stream().filter(r -> r.number() == keep[0]).findFirst()
                    .ifPresent(r -> getSelectionModel().select(r)));
        });
    }

    private static <T> TableColumn<SweepResults.Row, T> column(String title, Function<SweepResults.Row, T> value,
                                                                double width) {
        TableColumn<SweepResults.Row, T> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private static TableColumn<SweepResults.Row, Double> numberColumn(String title,
                                                                      Function<SweepResults.Row, Double> value, double width) {
        TableColumn<SweepResults.Row, Double> column = column(title, value, width);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : ValueFormat.exact(v));
            }
        });
        return column;
    }
}
