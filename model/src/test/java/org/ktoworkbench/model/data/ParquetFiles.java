package org.ktoworkbench.model.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Test fixture: writes Parquet files with DuckDB's own Parquet writer (zstd, as many Hub files are). */
public final class ParquetFiles {
    private ParquetFiles() {
    }

    /** Writes the rows of {@code select} (DuckDB SQL) to {@code file}. */
    public static Path write(Path file, String select) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        return file;
    }
}
