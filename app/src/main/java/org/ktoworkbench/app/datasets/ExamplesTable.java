package org.ktoworkbench.app.datasets;

import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import org.ktoworkbench.app.control.Chips;

/** The virtual table of examples: fixed row height, label chips, sortable over the filtered rows. */
final class ExamplesTable extends TableView<ExampleRow> {
    ExamplesTable(ObservableList<ExampleRow> rows) {
        setId("examples-table");
        SortedList<ExampleRow> sorted = new SortedList<>(rows);
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setFixedCellSize(28);
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<ExampleRow, Integer> number = column("#", r -> r.ordinal() + 1, 60);
        TableColumn<ExampleRow, Boolean> label = column("Label", ExampleRow::desirable, 110);
        label.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Boolean desirable, boolean empty) {
                super.updateItem(desirable, empty);
                setGraphic(empty || desirable == null ? null : Chips.label(desirable));
                setText(null);
            }
        });
        TableColumn<ExampleRow, String> prompt = column("Prompt", ExampleRow::promptPreview, 260);
        TableColumn<ExampleRow, String> completion = column("Completion", ExampleRow::completionPreview, 300);
        TableColumn<ExampleRow, Integer> length = column("Length", ExampleRow::completionLength, 70);
        getColumns().setAll(java.util.List.of(number, label, prompt, completion, length));
    }

    private static <T> TableColumn<ExampleRow, T> column(String title, Function<ExampleRow, T> value, double width) {
        TableColumn<ExampleRow, T> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(Math.min(width, 110));
        return column;
    }
}
