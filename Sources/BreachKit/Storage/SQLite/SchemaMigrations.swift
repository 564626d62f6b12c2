import GRDB

/// The numbered schema migrations. Never edit a shipped one: add `v2`, `v3`, …
enum SchemaMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    sequence INTEGER PRIMARY KEY,
                    stream TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    type TEXT NOT NULL,
                    schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
                    payload TEXT NOT NULL,
                    effective_at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    UNIQUE (stream, version)
                );
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

                CREATE TABLE incidents (
                    id TEXT PRIMARY KEY,
                    number INTEGER NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    summary TEXT,
                    stage TEXT NOT NULL,
                    detected_at TEXT NOT NULL,
                    declared_at TEXT,
                    aware_at TEXT,
                    determined_at TEXT,
                    closed_at TEXT,
                    resolution TEXT,
                    assignee TEXT,
                    next_deadline_at TEXT,
                    outstanding_obligations INTEGER NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE INDEX incidents_by_stage ON incidents(stage);
                CREATE INDEX incidents_by_detected_at ON incidents(detected_at);

                CREATE TABLE stage_intervals (
                    incident_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    stage TEXT NOT NULL,
                    entered_at TEXT NOT NULL,
                    left_at TEXT,
                    PRIMARY KEY (incident_id, position)
                ) WITHOUT ROWID;

                CREATE TABLE obligations (
                    incident_id TEXT NOT NULL,
                    obligation_id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    audience TEXT,
                    due_at TEXT,
                    met_at TEXT,
                    waived_at TEXT,
                    waiver_reason TEXT,
                    waived_by TEXT,
                    missed_at TEXT,
                    PRIMARY KEY (incident_id, obligation_id)
                ) WITHOUT ROWID;

                CREATE TABLE notifications (
                    notification_id TEXT PRIMARY KEY,
                    incident_id TEXT NOT NULL,
                    obligation_id TEXT NOT NULL,
                    contact_id TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    last_error TEXT,
                    queued_at TEXT NOT NULL,
                    delivered_at TEXT,
                    next_attempt_at TEXT
                ) WITHOUT ROWID;
                CREATE INDEX notifications_by_incident ON notifications(incident_id);

                CREATE TABLE timeline (
                    sequence INTEGER PRIMARY KEY,
                    incident_id TEXT NOT NULL,
                    at TEXT NOT NULL,
                    type TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    summary TEXT NOT NULL
                );
                CREATE INDEX timeline_by_incident ON timeline(incident_id, sequence);

                -- The checker's work list: the next moment each incident needs attention.
                CREATE TABLE due_work (
                    incident_id TEXT NOT NULL,
                    work TEXT NOT NULL,
                    due_at TEXT NOT NULL,
                    PRIMARY KEY (incident_id, work)
                ) WITHOUT ROWID;
                CREATE INDEX due_work_by_time ON due_work(due_at);
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE contacts (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    email TEXT,
                    webhook_url TEXT,
                    webhook_secret_ref TEXT,
                    webhook_format TEXT NOT NULL,
                    ca_bundle TEXT
                ) WITHOUT ROWID;
                CREATE INDEX contacts_by_role ON contacts(role);
                """)
        }
        migrator.registerMigration("v3") { db in
            // Claims on notifications being attempted, so overlapping checkers never send the same one twice.
            try db.execute(sql: """
                CREATE TABLE delivery_leases (
                    notification_id TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    holder_pid INTEGER NOT NULL,
                    expires_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4") { db in
            // `list --overdue` and the checker's overdue summary look only at incidents with outstanding obligations.
            try db.execute(sql: """
                CREATE INDEX incidents_by_next_deadline ON incidents(next_deadline_at) WHERE outstanding_obligations > 0;
                """)
        }
        migrator.registerMigration("v5") { db in
            // The timeline keeps only what the log does not hold (the summary), keyed by incident then
            // sequence: a rebuild writes it in key order (appending to one B-tree) instead of scattering
            // rows over a table keyed by sequence plus a second index. When, what and who are read from
            // `events`, which already holds them. Summaries are carried over as they were.
            try db.execute(sql: """
                CREATE TABLE timeline_v5 (
                    incident_id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    summary TEXT NOT NULL,
                    PRIMARY KEY (incident_id, sequence)
                ) WITHOUT ROWID;
                INSERT INTO timeline_v5 (incident_id, sequence, summary)
                    SELECT incident_id, sequence, summary FROM timeline ORDER BY incident_id, sequence;
                DROP TABLE timeline;
                ALTER TABLE timeline_v5 RENAME TO timeline;
                """)
        }
        migrator.registerMigration("v6") { db in
            // Backdated evidence (receipts and checkpoints whose effective time is more than five minutes
            // from the real one): normally none, so a partial index keeps `report sla` from scanning the log
            // to count them (issue 18). Spelled as it shipped: v7 replaces it.
            try db.execute(sql: """
                CREATE INDEX events_backdated ON events(stream) WHERE type IN ('notification.attempted', 'notification.delivered', \
                'notification.failed', 'audit.checkpoint') AND abs(julianday(effective_at) - julianday(recorded_at)) * 86400.0 > 300
                """)
        }
        migrator.registerMigration("v7") { db in
            // The same index without an IN list, which SQLite turned into a temporary b-tree built on every
            // INSERT into events. The condition is `Backdating.sqlCondition`, character for character.
            try db.execute(sql: "DROP INDEX IF EXISTS events_backdated")
            try db.execute(sql: "CREATE INDEX events_backdated ON events(stream) WHERE \(Backdating.sqlCondition(alias: ""))")
        }
        return migrator
    }
}
