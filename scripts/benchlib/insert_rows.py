#!/usr/bin/env python3
"""The physical limit of bulk append: prepared INSERTs of the same event rows, one transaction.

Reads the rows breach wrote (a `sqlite3 -csv` dump of `events`), then, per run, creates a fresh
database with the same `events` table (same columns, UNIQUE(stream, version), append-only triggers,
WAL, synchronous=NORMAL) and times executemany() of one prepared INSERT plus COMMIT.
Prints {"rows": n, "seconds": [...]}.
"""
import csv, json, os, sqlite3, sys, time

SCHEMA = """
CREATE TABLE events (
    sequence INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL CHECK (version >= 1),
    type TEXT NOT NULL, schema_version INTEGER NOT NULL CHECK (schema_version >= 1), payload TEXT NOT NULL,
    effective_at TEXT NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL, UNIQUE (stream, version));
CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
"""

def main():
    source, target, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with open(source, newline="") as f:
        rows = [(int(r[0]), r[1], int(r[2]), r[3], int(r[4]), r[5], r[6], r[7], r[8], r[9], r[10]) for r in csv.reader(f)]
    seconds = []
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
        db = sqlite3.connect(target, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(SCHEMA)
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        seconds.append(time.perf_counter() - start)
        db.close()
    print(json.dumps({"rows": len(rows), "seconds": seconds}))

main()
