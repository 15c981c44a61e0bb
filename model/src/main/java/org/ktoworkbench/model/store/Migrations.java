package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.UserText;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The workspace schema, as numbered steps. {@code PRAGMA user_version} records the last step applied;
 * opening a workspace applies the missing ones in one transaction. Never edit a released step: add one.
 */
final class Migrations {

    private static final List<String> STEPS = List.of(
            // 1: datasets and examples, with full-text search over prompt and completion
            """
            CREATE TABLE datasets (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              source TEXT NOT NULL,
              format TEXT NOT NULL,
              created_at TEXT NOT NULL,
              row_count INTEGER NOT NULL DEFAULT 0,
              desirable_count INTEGER NOT NULL DEFAULT 0,
              eval_count INTEGER NOT NULL DEFAULT 0,
              eval_fraction REAL,
              split_seed INTEGER
            );
            CREATE TABLE examples (
              id INTEGER PRIMARY KEY,
              dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
              ordinal INTEGER NOT NULL,
              source_line INTEGER NOT NULL,
              prompt TEXT NOT NULL,
              completion TEXT NOT NULL,
              prompt_messages TEXT,
              completion_messages TEXT,
              desirable INTEGER NOT NULL CHECK (desirable IN (0, 1)),
              pair_id TEXT,
              metadata TEXT NOT NULL DEFAULT '{}',
              is_eval INTEGER NOT NULL DEFAULT 0 CHECK (is_eval IN (0, 1))
            );
            CREATE UNIQUE INDEX examples_by_dataset ON examples(dataset_id, ordinal);
            CREATE VIRTUAL TABLE examples_fts USING fts5(
              prompt, completion, content='examples', content_rowid='id');
            """,
            // 2: training runs and what they record
            """
            CREATE TABLE runs (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('sft', 'kto')),
              dataset_name TEXT,
              config_json TEXT NOT NULL,
              parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
              status TEXT NOT NULL,
              status_message TEXT,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              notes TEXT NOT NULL DEFAULT '',
              summary_json TEXT
            );
            CREATE INDEX runs_by_parent ON runs(parent_run_id);
            CREATE TABLE metrics (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              step INTEGER NOT NULL,
              name TEXT NOT NULL,
              value REAL NOT NULL,
              PRIMARY KEY (run_id, step, name)
            ) WITHOUT ROWID;
            CREATE TABLE samples (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              step INTEGER NOT NULL,
              idx INTEGER NOT NULL,
              prompt TEXT NOT NULL,
              reference_text TEXT,
              policy_text TEXT,
              verdict TEXT,
              PRIMARY KEY (run_id, step, idx)
            ) WITHOUT ROWID;
            CREATE TABLE checkpoints (
              id INTEGER PRIMARY KEY,
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              step INTEGER NOT NULL,
              path TEXT NOT NULL,
              created_at TEXT NOT NULL
            );
            CREATE INDEX checkpoints_by_run ON checkpoints(run_id, step);
            """,
            // 3: the process that runs a RUNNING run, so a run whose process died reads as INTERRUPTED
            """
            ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
            """,
            // 4: desirable rows in the eval split, so the λ balance can be checked on the rows that train
            """
            ALTER TABLE datasets ADD COLUMN eval_desirable_count INTEGER NOT NULL DEFAULT 0;
            UPDATE datasets SET eval_desirable_count = (SELECT count(*) FROM examples
              WHERE examples.dataset_id = datasets.id AND examples.is_eval = 1 AND examples.desirable = 1);
            """,
            // 5: checkpoint paths relative to the workspace (they were absolute, so a moved workspace could not resume and
            // a copied one resumed from the original's files). Checkpoints were always written to
            // <workspace>/runs/<run id>/checkpoints/, so that suffix of the stored path is the path inside the
            // workspace, even for a workspace already moved or copied before this step ran.
            """
            UPDATE checkpoints SET path = substr(path, instr(path, '/runs/' || run_id || '/checkpoints/') + 1)
              WHERE instr(path, '/runs/' || run_id || '/checkpoints/') > 0;
            UPDATE checkpoints SET path = replace(substr(path, instr(path, '\\runs\\' || run_id || '\\checkpoints\\') + 1), '\\', '/')
              WHERE instr(path, '\\runs\\' || run_id || '\\checkpoints\\') > 0;
            """,
            // 6: the train and eval rows a run started on (JSON, written by the trainer), so it never continues on others
            """
            ALTER TABLE runs ADD COLUMN split_fingerprint TEXT;
            """,
            // 7: the full-text index, rebuilt faster to fill: it collects 64 MiB of terms in memory before writing a
            // segment (FTS5's default is 1 MiB), so an import writes a few large segments instead of hundreds to merge;
            // and it keeps no per-row column sizes (columnsize=0), which only bm25 ranking reads fast (search orders
            // by row and snippets count the 20 rows they show). Same matches and snippets as before.
            """
            DROP TABLE examples_fts;
            CREATE VIRTUAL TABLE examples_fts USING fts5(
              prompt, completion, content='examples', content_rowid='id', columnsize=0);
            INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 67108864);
            INSERT INTO examples_fts (examples_fts) VALUES ('rebuild');
            """,
            // 8: the model folder a run started from and a hash of its files (JSON, written by the trainer), so that
            // `show` names it and a moved or changed folder is found before a resume trains on other weights
            """
            ALTER TABLE runs ADD COLUMN model_source TEXT;
            """,
            // 9: hyperparameter sweeps: the definition, and one row per point (its parameters, seed, the run that
            // trains it once started, and how it ended); shared SFT bases by the key of the SFT settings
            """
            CREATE TABLE sweeps (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              spec_json TEXT NOT NULL,
              status TEXT NOT NULL,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL
            );
            CREATE TABLE sweep_points (
              sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
              idx INTEGER NOT NULL,
              params_json TEXT NOT NULL,
              status TEXT NOT NULL,
              run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
              metric REAL,
              note TEXT,
              PRIMARY KEY (sweep_id, idx)
            );
            CREATE TABLE sweep_bases (
              sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
              sft_key TEXT NOT NULL,
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              PRIMARY KEY (sweep_id, sft_key)
            );
            """,
            // 10: a judged sample's raw judge answer (a language-model judge's replies in both orders, or why it failed)
            """
            ALTER TABLE samples ADD COLUMN judge_answer TEXT;
            """,
            // 11: the full-text index keeps which column a token is in but not its position (detail=column), and does
            // not merge its segments as an import writes them (automerge=0; FTS5's crisis merge still merges 16 at
            // one level): both made an import's indexing cheaper (measured in README). Search ANDs the tokens of the
            // words it is given (each a token of FTS5's unicode61 tokenizer), which needs no positions; snippets still
            // mark the matches.
            """
            DROP TABLE examples_fts;
            CREATE VIRTUAL TABLE examples_fts USING fts5(
              prompt, completion, content='examples', content_rowid='id', columnsize=0, detail=column);
            INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 67108864);
            INSERT INTO examples_fts (examples_fts, rank) VALUES ('automerge', 0);
            INSERT INTO examples_fts (examples_fts) VALUES ('rebuild');
            """,
            // 12: the full-text index keeps only which rows hold a token (detail=none): search never asks which column
            // holds it (snippets find the matches in the text again), and an import of 300,000 rows indexed and
            // committed about 0.85 s faster (measured in README)
            """
            DROP TABLE examples_fts;
            CREATE VIRTUAL TABLE examples_fts USING fts5(
              prompt, completion, content='examples', content_rowid='id', columnsize=0, detail=none);
            INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 67108864);
            INSERT INTO examples_fts (examples_fts, rank) VALUES ('automerge', 0);
            INSERT INTO examples_fts (examples_fts) VALUES ('rebuild');
            """,
            // 13: a dataset's rows are one run of ids in file order, from datasets.first_example_id on (an import
            // gives them one after another), so neither the (dataset_id, ordinal) index nor the ordinal column is
            // kept: each row an import wrote updated that index (about 0.17 s of a 300,000-row import, README). The
            // table is rebuilt without its foreign key too, since a cascading delete would scan it without the
            // index: a dataset's rows are deleted by their id range. Existing rows are renumbered by dataset and
            // ordinal, so any workspace ends up so, and the full-text index is rebuilt over the new ids.
            """
            CREATE TABLE examples_by_range (
              id INTEGER PRIMARY KEY,
              dataset_id INTEGER NOT NULL,
              source_line INTEGER NOT NULL,
              prompt TEXT NOT NULL,
              completion TEXT NOT NULL,
              prompt_messages TEXT,
              completion_messages TEXT,
              desirable INTEGER NOT NULL CHECK (desirable IN (0, 1)),
              pair_id TEXT,
              metadata TEXT NOT NULL DEFAULT '{}',
              is_eval INTEGER NOT NULL DEFAULT 0 CHECK (is_eval IN (0, 1))
            );
            INSERT INTO examples_by_range (id, dataset_id, source_line, prompt, completion, prompt_messages,
              completion_messages, desirable, pair_id, metadata, is_eval)
              SELECT row_number() OVER (ORDER BY dataset_id, ordinal), dataset_id, source_line, prompt, completion,
                prompt_messages, completion_messages, desirable, pair_id, metadata, is_eval
              FROM examples WHERE dataset_id IN (SELECT id FROM datasets);
            DROP TABLE examples;
            ALTER TABLE examples_by_range RENAME TO examples;
            ALTER TABLE datasets ADD COLUMN first_example_id INTEGER NOT NULL DEFAULT 0;
            UPDATE datasets SET first_example_id = firsts.id, row_count = firsts.rows
              FROM (SELECT dataset_id, min(id) AS id, count(*) AS rows FROM examples GROUP BY dataset_id) AS firsts
              WHERE firsts.dataset_id = datasets.id;
            INSERT INTO examples_fts (examples_fts) VALUES ('rebuild');
            """);

    static final int LATEST = STEPS.size();

    private Migrations() {
    }

    static int version(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.getInt(1);
        }
    }

    /**
     * Refuses a database that holds something other than a workspace (another program's tables), before
     * anything is written to it. A new or empty file passes and is initialised by {@link #migrate}.
     */
    static void requireWorkspaceOrEmpty(Connection connection, Path file) throws SQLException {
        List<String> objects = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type DESC, name")) {
            while (r.next()) {
                objects.add(r.getString(1));
            }
        }
        int version = version(connection);
        boolean empty = objects.isEmpty() && version == 0;
        boolean workspace = version >= 1 && objects.contains("datasets");
        if (!empty && !workspace) {
            throw new StoreException(file + ": not a KTO Workbench workspace (it holds "
                    + (objects.isEmpty() ? "user_version " + version : UserText.clip(String.join(", ", objects)))
                    + " of another program); it was left untouched: choose another --workspace directory");
        }
    }

    /** Brings the schema to {@code target}; call inside a write transaction (IMMEDIATE, so concurrent openers queue). */
    static void migrate(Connection connection, int target) throws SQLException {
        int current = version(connection);
        if (current > LATEST) {
            throw new StoreException("this workspace has schema version " + current
                    + ", newer than this program knows (" + LATEST + "); upgrade KTO Workbench");
        }
        try (Statement s = connection.createStatement()) {
            for (int step = current; step < target; step++) {
                for (String sql : STEPS.get(step).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version = " + (step + 1));
            }
        }
    }
}
