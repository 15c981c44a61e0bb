package org.ktoworkbench.model.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.data.Content;
import org.ktoworkbench.model.data.DatasetReader;
import org.ktoworkbench.model.data.DatasetRow;
import org.ktoworkbench.model.data.DatasetStatistics;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.InvalidDatasetException;
import org.ktoworkbench.model.data.Json;
import org.ktoworkbench.model.data.PromptSplit;
import org.ktoworkbench.model.data.Subsample;
import org.ktoworkbench.model.data.TrlJsonlWriter;
import org.ktoworkbench.model.data.UserText;
import org.ktoworkbench.model.io.ExportFile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Datasets and their examples in a workspace: import, read, split, subsample, search, export. */
public final class DatasetStore {
    private static final String INFO_COLUMNS = "id, name, source, format, row_count, desirable_count, eval_count,"
            + " eval_fraction, split_seed, created_at, eval_desirable_count";

    private final Database db;

    DatasetStore(Database db) {
        this.db = db;
    }

    public List<DatasetInfo> list() {
        return db.read(c -> {
            List<DatasetInfo> all = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT " + INFO_COLUMNS + " FROM datasets ORDER BY name")) {
                while (r.next()) {
                    all.add(info(r));
                }
            }
            return all;
        });
    }

    public Optional<DatasetInfo> find(String name) {
        return db.read(c -> find(c, name));
    }

    /** The dataset of that name, or a {@link StoreException} naming the ones that exist. */
    public DatasetInfo get(String name) {
        return find(name).orElseThrow(() -> unknown(name));
    }

    /**
     * Imports a file as one dataset in a single transaction: in strict mode any problem fails the
     * import with an {@link InvalidDatasetException} listing them, and the workspace is left exactly as
     * it was; in lenient mode bad rows are skipped and reported. A name already taken is an error
     * unless {@link ImportOptions#replace()}, which swaps the dataset atomically.
     */
    public ImportReport importFile(Path file, ImportOptions options) {
        return importFile(file, options, ImportProgress.NONE);
    }

    /** As {@link #importFile(Path, ImportOptions)}, reporting progress; a cancelled import throws {@link ImportCancelledException}. */
    public ImportReport importFile(Path file, ImportOptions options, ImportProgress progress) {
        try (StartedImport started = StartedImport.begin(file, options, progress)) {
            return importFile(started);
        }
    }

    /** As {@link #importFile(Path, ImportOptions, ImportProgress)}, for a file whose reading has already begun. */
    public ImportReport importFile(StartedImport started) {
        String name = started.datasetName();
        checkName(name);
        Path file = started.file();
        ImportOptions options = started.options();
        ImportProgress progress = started.progress();
        return db.write(c -> {
            Optional<DatasetInfo> existing = find(c, name);
            if (existing.isPresent() && !options.replace()) {
                throw new StoreException("a dataset named '" + name + "' already exists"
                        + " (choose another name, or replace it with --replace)");
            }
            if (existing.isPresent()) {
                delete(c, existing.get().id());
            }
            long id = insertDataset(c, name, file.toString(), "pending");
            DatasetReader.Result result;
            ExampleRange stored;
            long desirable;
            try (ExampleInserter inserter = new ExampleInserter(c, id); WalSync sync = WalSync.start(db.file())) {
                // parsing and validating run on the started import's thread while this one inserts
                result = started.drainTo(inserter);
                inserter.flush();
                stored = inserter.range();
                desirable = inserter.desirable();
            }
            if (result.fatal() || (!options.lenient() && result.errorCount() > 0)) {
                throw new InvalidDatasetException(file + ": " + result.errorCount() + " problem"
                        + (result.errorCount() == 1 ? "" : "s") + "; nothing was imported",
                        result.errors(), result.errorCount());
            }
            if (result.rows() == 0) {
                throw new InvalidDatasetException(file + ": no valid rows; nothing was imported",
                        result.errors(), result.errorCount());
            }
            started.stopIfCancelled();
            progress.committing();
            try (PreparedStatement s = c.prepareStatement("UPDATE datasets SET format = ?, first_example_id = ?,"
                    + " row_count = ?, desirable_count = ? WHERE id = ?")) {
                s.setString(1, result.format().label());
                s.setLong(2, stored.first());
                s.setLong(3, stored.rows());
                s.setLong(4, desirable);
                s.setLong(5, id);
                s.executeUpdate();
            }
            return new ImportReport(find(c, name).orElseThrow(), result.shape(), result.errors(), result.errorCount());
        });
    }

    /** All rows in file order. */
    public List<Example> examples(String datasetName) {
        return examples(datasetName, null);
    }

    /** The rows on one side of the split (null: all), in file order. */
    public List<Example> examples(String datasetName, Split split) {
        long id = get(datasetName).id();
        return db.read(c -> {
            String sql = "SELECT prompt, completion, desirable, pair_id, metadata, prompt_messages, completion_messages"
                    + " FROM examples WHERE " + ExampleRange.CONDITION
                    + (split == null ? "" : " AND is_eval = " + (split == Split.EVAL ? 1 : 0)) + " ORDER BY id";
            List<Example> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                ExampleRange.of(c, id).bind(s, 1);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Example(r.getString(1), r.getString(2), r.getInt(3) == 1, r.getString(4),
                                r.getString(5), r.getString(6), r.getString(7)));
                    }
                }
            }
            return rows;
        });
    }

    public DatasetStatistics statistics(String datasetName) {
        return DatasetStatistics.of(examples(datasetName));
    }

    /**
     * The longest prompt's plus the longest completion's UTF-8 bytes over all rows: with the byte tokenizer, the
     * longest sequence a batch of this dataset can hold (KL pairs join one row's prompt with another's completion).
     */
    public long longestPromptPlusCompletionBytes(String datasetName) {
        long id = get(datasetName).id();
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(length(CAST(prompt AS BLOB))), 0)"
                    + " + coalesce(max(length(CAST(completion AS BLOB))), 0) FROM examples WHERE " + ExampleRange.CONDITION)) {
                ExampleRange.of(c, id).bind(s, 1);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Splits by prompt (see {@link PromptSplit}) and stores the assignment; a new split replaces the
     * old one. Training reads {@link Split#TRAIN}, evaluation {@link Split#EVAL}.
     */
    public SplitSummary split(String datasetName, double evalFraction, long seed) {
        long id = get(datasetName).id();
        return db.write(c -> {
            List<String> prompts = distinctPrompts(c, id, null);
            return storeSplit(c, datasetName, id, prompts, PromptSplit.evalPrompts(prompts, evalFraction, seed),
                    evalFraction, seed);
        });
    }

    /**
     * Splits {@code datasetName} as {@code like} is split: a prompt both hold goes to eval here exactly when it is an
     * eval prompt there, so a paired and an unpaired form of the same data are judged on one prompt set and neither
     * trains on the other's eval prompts. Prompts that {@code like} lacks are split by its fraction and seed.
     */
    public SplitSummary splitLike(String datasetName, String like) {
        long id = get(datasetName).id();
        DatasetInfo source = get(like);
        if (source.splitSeed() == null) {
            throw new StoreException("dataset '" + like + "' has no split to copy: split it first");
        }
        return db.write(c -> {
            List<String> prompts = distinctPrompts(c, id, null);
            Set<String> sourceAll = new HashSet<>(distinctPrompts(c, source.id(), null));
            Set<String> sourceEval = new HashSet<>(distinctPrompts(c, source.id(), Split.EVAL));
            List<String> own = prompts.stream().filter(p -> !sourceAll.contains(p)).toList();
            Set<String> eval = new HashSet<>(PromptSplit.evalPrompts(own, source.evalFraction(), source.splitSeed()));
            prompts.stream().filter(sourceEval::contains).forEach(eval::add);
            return storeSplit(c, datasetName, id, prompts, eval, source.evalFraction(), source.splitSeed());
        });
    }

    private static List<String> distinctPrompts(Connection c, long datasetId, Split side) throws SQLException {
        List<String> prompts = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT prompt FROM examples WHERE " + ExampleRange.CONDITION
                + (side == null ? "" : " AND is_eval = " + (side == Split.EVAL ? 1 : 0)))) {
            ExampleRange.of(c, datasetId).bind(s, 1);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    prompts.add(r.getString(1));
                }
            }
        }
        return prompts;
    }

    private SplitSummary storeSplit(Connection c, String datasetName, long id, List<String> prompts, Set<String> eval,
                                    double evalFraction, long seed) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS eval_prompts (prompt TEXT PRIMARY KEY)");
            s.execute("DELETE FROM temp.eval_prompts");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO temp.eval_prompts VALUES (?)")) {
            for (String p : eval) {
                s.setString(1, p);
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE examples SET is_eval ="
                + " (prompt IN (SELECT prompt FROM temp.eval_prompts)) WHERE " + ExampleRange.CONDITION)) {
            ExampleRange.of(c, id).bind(s, 1);
            s.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE temp.eval_prompts");
        }
        EvalCounts counts = countEval(c, ExampleRange.of(c, id));
        long evalRows = counts.rows();
        try (PreparedStatement s = c.prepareStatement("UPDATE datasets SET eval_fraction = ?, split_seed = ?,"
                + " eval_count = ?, eval_desirable_count = ? WHERE id = ?")) {
            s.setDouble(1, evalFraction);
            s.setLong(2, seed);
            s.setLong(3, evalRows);
            s.setLong(4, counts.desirable());
            s.setLong(5, id);
            s.executeUpdate();
        }
        long total = find(c, datasetName).orElseThrow().rows();
        return new SplitSummary(total - evalRows, evalRows, prompts.size() - eval.size(), eval.size());
    }

    /**
     * The paper's imbalance experiment: a new dataset with only {@code keepFraction} of the desirable
     * (or undesirable) rows, chosen by {@code seed}; the other side and the split are kept as they are.
     */
    public DatasetInfo subsample(String source, String newName, boolean desirableSide, double keepFraction, long seed) {
        return subsample(source, newName, Subsample.fraction(desirableSide, keepFraction, seed));
    }

    /** A new dataset of the rows of {@code source} that {@code rule} keeps, each on its side of the split. */
    public DatasetInfo subsample(String source, String newName, Subsample.Rule rule) {
        checkName(newName);
        DatasetInfo from = get(source);
        return db.write(c -> {
            if (find(c, newName).isPresent()) {
                throw new StoreException("a dataset named '" + newName + "' already exists");
            }
            List<DatasetRow> rows = new ArrayList<>();
            List<Boolean> evals = new ArrayList<>();
            forEachRow(c, from.id(), (row, eval) -> {
                rows.add(row);
                evals.add(eval);
            });
            boolean[] keep = rule.keep(rows);
            long id = insertDataset(c, newName, rule.describe(source), from.format());
            long desirable;
            try (ExampleInserter inserter = new ExampleInserter(c, id)) {
                for (int i = 0; i < keep.length; i++) {
                    if (keep[i]) {
                        inserter.add(rows.get(i), evals.get(i));
                    }
                }
                inserter.flush();
                desirable = inserter.desirable();
                ExampleRange stored = inserter.range();
                if (stored.rows() == 0) {
                    throw new StoreException("the subsample would be empty");
                }
                EvalCounts counts = countEval(c, stored);
                try (PreparedStatement s = c.prepareStatement("UPDATE datasets SET first_example_id = ?, row_count = ?,"
                        + " desirable_count = ?, eval_count = ?, eval_desirable_count = ?, eval_fraction = ?,"
                        + " split_seed = ? WHERE id = ?")) {
                    s.setLong(1, stored.first());
                    s.setLong(2, stored.rows());
                    s.setLong(3, desirable);
                    s.setLong(4, counts.rows());
                    s.setLong(5, counts.desirable());
                    s.setObject(6, from.evalFraction());
                    s.setObject(7, from.splitSeed());
                    s.setLong(8, id);
                    s.executeUpdate();
                }
            }
            return find(c, newName).orElseThrow();
        });
    }

    /** Full-text search (FTS5) over prompt and completion; every token of every word must match ({@link FullTextIndex#query}). */
    public List<SearchHit> search(String datasetName, String words, int limit) {
        Optional<String> tokens = FullTextIndex.query(words);
        long id = get(datasetName).id();
        if (tokens.isEmpty()) return List.of(); // only punctuation: no row holds a token of it
        String query = tokens.get();
        return db.read(c -> {
            List<SearchHit> hits = new ArrayList<>();
            // the rowid bounds let FTS5 skip other datasets' postings
            try (PreparedStatement s = c.prepareStatement("SELECT e.id, e.desirable, e.is_eval,"
                    + " snippet(examples_fts, 0, '[', ']', '…', 12), snippet(examples_fts, 1, '[', ']', '…', 12)"
                    + " FROM examples_fts JOIN examples e ON e.id = examples_fts.rowid"
                    + " WHERE examples_fts MATCH ? AND examples_fts.rowid >= ? AND examples_fts.rowid < ?"
                    + " ORDER BY examples_fts.rowid LIMIT ?")) {
                ExampleRange range = ExampleRange.of(c, id);
                s.setString(1, query);
                range.bind(s, 2);
                s.setInt(4, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        hits.add(new SearchHit(range.ordinal(r.getLong(1)), r.getInt(2) == 1, r.getInt(3) == 1,
                                r.getString(4), r.getString(5)));
                    }
                }
            }
            return hits;
        });
    }

    /**
     * Writes TRL unpaired JSONL (see {@link TrlJsonlWriter}) through {@link ExportFile}: an existing file is replaced
     * only when {@code replace}, a symbolic link never, and the file appears only once complete.
     */
    public long export(String datasetName, Path file, boolean replace) {
        long id = get(datasetName).id();
        try {
            return ExportFile.write(file, replace, out -> export(id, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private long export(long datasetId, OutputStream out) throws IOException {
        TrlJsonlWriter writer = new TrlJsonlWriter(out);
        long[] rows = {0};
        db.read(c -> {
            forEachRow(c, datasetId, (row, eval) -> {
                try {
                    writer.write(row);
                    rows[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return null;
        });
        writer.close();
        return rows[0];
    }

    /** Deletes a dataset and its rows; false if there was none of that name. */
    public boolean delete(String name) {
        return db.write(c -> {
            Optional<DatasetInfo> existing = find(c, name);
            if (existing.isPresent()) {
                delete(c, existing.get().id());
            }
            return existing.isPresent();
        });
    }

    private interface RowVisitor {
        void visit(DatasetRow row, boolean eval);
    }

    private static void forEachRow(Connection c, long datasetId, RowVisitor visitor) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT source_line, prompt, completion, prompt_messages,"
                + " completion_messages, desirable, pair_id, metadata, is_eval FROM examples WHERE " + ExampleRange.CONDITION
                + " ORDER BY id")) {
            ExampleRange.of(c, datasetId).bind(s, 1);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ObjectNode metadata;
                    try {
                        metadata = (ObjectNode) Json.MAPPER.readTree(r.getString(8));
                    } catch (JsonProcessingException e) {
                        throw new StoreException("corrupt metadata in the workspace: " + e.getOriginalMessage(), e);
                    }
                    DatasetRow row = new DatasetRow(r.getLong(1), new Content(r.getString(2), r.getString(4)),
                            new Content(r.getString(3), r.getString(5)), r.getInt(6) == 1, r.getString(7), metadata);
                    visitor.visit(row, r.getInt(9) == 1);
                }
            }
        }
    }

    private static void delete(Connection c, long datasetId) throws SQLException {
        ExampleRange range = ExampleRange.of(c, datasetId);
        FullTextIndex.remove(c, range);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM examples WHERE " + ExampleRange.CONDITION)) {
            range.bind(s, 1);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM datasets WHERE id = ?")) {
            s.setLong(1, datasetId);
            s.executeUpdate();
        }
    }

    private static long insertDataset(Connection c, String name, String source, String format) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO datasets (name, source, format, created_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, source);
            s.setString(3, format);
            s.setString(4, Instant.now().toString());
            s.executeUpdate();
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
            return r.getLong(1);
        }
    }

    private record EvalCounts(long rows, long desirable) {
    }

    private static EvalCounts countEval(Connection c, ExampleRange range) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*), coalesce(sum(desirable), 0) FROM examples WHERE " + ExampleRange.CONDITION
                        + " AND is_eval = 1")) {
            range.bind(s, 1);
            try (ResultSet r = s.executeQuery()) {
                return new EvalCounts(r.getLong(1), r.getLong(2));
            }
        }
    }

    private static Optional<DatasetInfo> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + INFO_COLUMNS + " FROM datasets WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(info(r)) : Optional.empty();
            }
        }
    }

    private static DatasetInfo info(ResultSet r) throws SQLException {
        double fraction = r.getDouble(8);
        Double evalFraction = r.wasNull() ? null : fraction;
        long seed = r.getLong(9);
        Long splitSeed = r.wasNull() ? null : seed;
        return new DatasetInfo(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getLong(6), r.getLong(7), r.getLong(11), evalFraction, splitSeed, Instant.parse(r.getString(10)));
    }

    private StoreException unknown(String name) {
        List<String> names = list().stream().map(DatasetInfo::name).toList();
        return new StoreException("no dataset named '" + UserText.clip(name) + "'"
                + (names.isEmpty() ? " (the workspace has none yet)" : "; known: " + String.join(", ", names)));
    }

    private static void checkName(String name) {
        if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid dataset name '" + UserText.clip(name)
                    + "': use 1 to 200 printable characters");
        }
    }
}
