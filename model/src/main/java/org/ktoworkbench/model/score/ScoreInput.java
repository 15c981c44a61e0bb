package org.ktoworkbench.model.score;

import org.ktoworkbench.model.data.DatasetReader;
import org.ktoworkbench.model.data.DatasetRow;
import org.ktoworkbench.model.data.InvalidDatasetException;
import org.ktoworkbench.model.data.RowText;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.KtoText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows {@code score INPUT} reads: a dataset of the workspace by name, else a file in any import format, read and
 * validated as {@code import} does (strict: any problem and nothing is scored) without storing it.
 */
public final class ScoreInput {
    private ScoreInput() {}

    public static List<ScoreRow> read(Workspace ws, String input) {
        if (ws.datasets().find(input).isPresent()) {
            return ws.datasets().examples(input).stream().map(ScoreRow::of).toList();
        }
        Path file = Path.of(input);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("'" + input + "' is neither a dataset in workspace " + ws.directory()
                    + " nor a file (list datasets with: kto-workbench datasets)");
        }
        return read(file);
    }

    static List<ScoreRow> read(Path file) {
        List<ScoreRow> rows = new ArrayList<>();
        DatasetReader.Result result = new DatasetReader(null, null).read(file, row -> rows.add(of(row)));
        if (result.fatal() || result.errorCount() > 0) {
            throw new InvalidDatasetException(file + ": " + result.errorCount() + " problem"
                    + (result.errorCount() == 1 ? "" : "s") + "; nothing was scored", result.errors(), result.errorCount());
        }
        if (rows.isEmpty()) {
            throw new InvalidDatasetException(file + ": no rows to score");
        }
        return rows;
    }

    private static ScoreRow of(DatasetRow row) {
        return new ScoreRow(row.prompt().text(), row.completion().text(),
                RowText.of(row) instanceof KtoText.Conversational c ? c : null, row.desirable());
    }
}
