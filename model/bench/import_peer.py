"""What a user would write in an afternoon: import an unpaired JSONL file into SQLite with FTS5.
Usage: python3 import_peer.py FILE.jsonl DB. Prints the rows imported and the CPU seconds the process used
(its interpreter start included); the caller times the wall clock."""
import json, sqlite3, sys, time

source, target = sys.argv[1], sys.argv[2]
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE examples (id INTEGER PRIMARY KEY, prompt TEXT, completion TEXT, label INTEGER, metadata TEXT)")
db.execute("CREATE VIRTUAL TABLE examples_fts USING fts5(prompt, completion, content='examples', content_rowid='id')")
insert = "INSERT INTO examples (prompt, completion, label, metadata) VALUES (?, ?, ?, ?)"
rows, batch = 0, []
db.execute("BEGIN")
with open(source, encoding="utf-8") as lines:
    for line in lines:
        r = json.loads(line)
        meta = {k: v for k, v in r.items() if k not in ("prompt", "completion", "label")}
        batch.append((r["prompt"], r["completion"], int(r["label"]), json.dumps(meta)))
        if len(batch) == 10_000:
            db.executemany(insert, batch)
            rows, batch = rows + len(batch), []
db.executemany(insert, batch)
rows += len(batch)
db.execute("INSERT INTO examples_fts (rowid, prompt, completion) SELECT id, prompt, completion FROM examples")
db.execute("COMMIT")
print(rows, time.process_time())
