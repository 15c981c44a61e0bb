package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import org.ktoworkbench.app.chart.ValueFormat;

/** Each parameter setting with its metric over seeds: runs, mean, and the 95% interval (Student t over seeds). */
public final class SettingsTable extends TableView<SettingResult> {
    private List<String> parameters;

    public SettingsTable(ObservableList<SettingResult> settings) {
        SortedList<SettingResult> sorted = new SortedList<>(settings);
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setFixedCellSize(28);
        setPlaceholder(new Label("No settings yet."));
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        showColumnsFor(List.of(), "metric");
    }

    public void showColumnsFor(List<String> sweepParameters, String metric) {
        if (sweepParameters.equals(parameters)) {
            return;
        }
        parameters = List.copyOf(sweepParameters);
        List<TableColumn<SettingResult, ?>> columns = new ArrayList<>();
        for (String p : parameters) {
            columns.add(column(SweepField.labelOf(p), s -> ParameterColors.display(s.values().get(p)), 70));
        }
        columns.add(column("Runs", SettingResult::runs, 50));
        TableColumn<SettingResult, Double> mean = column("Mean " + metric, SettingResult::mean, 100);
        mean.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : ValueFormat.exact(v));
            }
        });
        columns.add(mean);
        columns.add(column("95% interval", s -> s.interval() == null ? null
                : (s.overSeeds() ? "t " : "") + "[" + ValueFormat.compact(s.interval()[0]) + ", "
                + ValueFormat.compact(s.interval()[1]) + "]", 130));
        getColumns().setAll(columns);
    }

    private static <T> TableColumn<SettingResult, T> column(String title, Function<SettingResult, T> value, double width) {
        TableColumn<SettingResult, T> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}
