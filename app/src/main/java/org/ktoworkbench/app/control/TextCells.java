package org.ktoworkbench.app.control;

import java.util.function.Function;

import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;

/** List and combo-box cells that show each item as a line of text. */
public final class TextCells {
    private TextCells() {
    }

    /** A cell showing {@code text.apply(item)}; a null item (a "none" entry) is passed too, an empty cell shows nothing. */
    public static <T> ListCell<T> of(Function<T, String> text) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : text.apply(item));
            }
        };
    }

    /** The same text in the combo box's list and on its button. */
    public static <T> void use(ComboBox<T> box, Function<T, String> text) {
        box.setCellFactory(list -> of(text));
        box.setButtonCell(of(text));
    }
}
