import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

@Suite("BreachDatabase: opening files")
struct BreachDatabaseTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// The file's bytes after `prepare` wrote it with a plain connection (checkpointed, closed).
    private func prepareFile(_ name: String, _ prepare: (Database) throws -> Void) throws -> (path: String, bytes: Data) {
        let path = directory.path(name)
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try prepare(db)
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func expectRefusedUntouched(_ path: String, _ bytes: Data, mentioning fragment: String,
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = #expect(throws: BreachError.self, sourceLocation: sourceLocation) { _ = try BreachDatabase.open(path: path) }
        #expect(error?.code == .database, sourceLocation: sourceLocation)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")", sourceLocation: sourceLocation)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "the file was modified", sourceLocation: sourceLocation)
    }

    @Test func aNewDatabaseIsPrivateAndInWALMode() throws {
        let path = directory.path("new.db")
        let database = try BreachDatabase.open(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func reopeningAnExistingDatabaseKeepsItsEvents() throws {
        let path = directory.path("breach.db")
        do {
            let service = IncidentService(database: try BreachDatabase.open(path: path), clock: FixedClock(StoreFixture.at(0)), actor: "a")
            try service.detect(title: "t", kind: "k", severity: .low, summary: nil)
        }
        let reopened = try BreachDatabase.open(path: path)
        #expect(try reopened.read { db in try EventStore.version(of: "INC-1", in: db) } == 1)
    }

    @Test func aDatabaseFromANewerSchemaIsRefusedAndLeftUntouched() throws {
        // Given a breach database on which a newer breach recorded migration v99
        let path = directory.path("newer.db")
        do {
            let service = IncidentService(database: try BreachDatabase.open(path: path), clock: FixedClock(StoreFixture.at(0)), actor: "a")
            try service.detect(title: "t", kind: "k", severity: .low, summary: nil)
        }
        let (_, bytes) = try prepareFile("newer.db") { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        // When this breach opens it
        // Then it refuses with a database error naming the upgrade, and the bytes are unchanged
        try expectRefusedUntouched(path, bytes, mentioning: "newer breach")
    }

    @Test func aForeignSQLiteFileIsRefusedAndLeftUntouched() throws {
        let (path, bytes) = try prepareFile("contacts.sqlite") { db in
            try db.execute(sql: "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('alice')")
        }
        try expectRefusedUntouched(path, bytes, mentioning: "not a breach database")
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let path = directory.path("notes.txt")
        let bytes = Data(String(repeating: "incident notes, not a database\n", count: 200).utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        try expectRefusedUntouched(path, bytes, mentioning: "notes.txt")
    }

    @Test func aMissingDirectoryIsADatabaseError() {
        let error = #expect(throws: BreachError.self) { _ = try BreachDatabase.open(path: directory.path("missing/breach.db")) }
        #expect(error?.code == .database)
    }

    @Test(arguments: ["UPDATE events SET actor = 'mallory'", "DELETE FROM events", "UPDATE events SET payload = '{}' WHERE sequence = 1"])
    func theEventsTableRefusesUpdatesAndDeletes(_ sql: String) throws {
        // Given a database with an event
        let database = try BreachDatabase.open(path: directory.path("breach.db"))
        let service = IncidentService(database: database, clock: FixedClock(StoreFixture.at(0)), actor: "a")
        try service.detect(title: "t", kind: "k", severity: .low, summary: nil)
        let before = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM events") }
        // When someone tries to change or delete it through SQL
        let error = #expect(throws: DatabaseError.self) { try database.queue.write { db in try db.execute(sql: sql) } }
        // Then the trigger refuses and the row is unchanged
        #expect(error?.message == "events are append-only")
        #expect(try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM events") } == before)
    }

    @Test func aVersion4DatabaseKeepsItsTimelineThroughMigration5() throws {
        // Given a populated database, and a copy of it written in the v4 schema (timeline keyed by sequence,
        // with its own time, type and actor columns)
        let store = try StoreFixture()
        try store.populate()
        let expected = try ["INC-1", "INC-2", "INC-3"].map { try store.service().timeline($0) }
        let path = directory.path("v4.db")
        do {
            let queue = try DatabaseQueue(path: path)
            try SchemaMigrations.migrator.migrate(queue, upTo: "v4")
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [store.path])
                try db.inTransaction {
                    for table in ["events", "incidents", "stage_intervals", "obligations", "notifications", "due_work", "contacts"] {
                        try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM current.\(table)")
                    }
                    try db.execute(sql: """
                        INSERT INTO main.timeline (sequence, incident_id, at, type, actor, summary)
                        SELECT t.sequence, t.incident_id, e.effective_at, e.type, e.actor, t.summary
                        FROM current.timeline t JOIN current.events e ON e.sequence = t.sequence
                        """)
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE current")
            }
        }
        #expect(try DatabaseQueue(path: path).read { db in try db.columns(in: "timeline").map(\.name) }
            == ["sequence", "incident_id", "at", "type", "actor", "summary"])
        // When breach opens it
        let migrated = try BreachDatabase.open(path: path)
        // Then the timeline holds only summaries, every incident's timeline reads as before, and verify agrees
        #expect(try migrated.read { db in try db.columns(in: "timeline").map(\.name) } == ["incident_id", "sequence", "summary"])
        let service = store.service(on: migrated)
        #expect(try ["INC-1", "INC-2", "INC-3"].map { try service.timeline($0) } == expected)
        #expect(expected.allSatisfy { !$0.isEmpty })
        #expect(try service.verify().isIntact)
    }

    /// Appending must not build a temporary b-tree per event: the partial index of backdated evidence is
    /// evaluated on every INSERT, and its v6 spelling (`type IN (…)`) compiled to OpenEphemeral. The
    /// report's count must still be answered from that index.
    @Test func appendingBuildsNoTemporaryTableAndTheBackdatedCountUsesItsIndex() throws {
        let database = try BreachDatabase.open(path: directory.path("plan.db"))
        let opcodes = try database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash) VALUES (1, 'INC-1', 1, 'notification.delivered', 1, '{}', 'e', 'r', 'a', 'p', 'h')")
                .map { $0["opcode"] as String? ?? "" }
        }
        #expect(!opcodes.isEmpty)
        #expect(!opcodes.contains("OpenEphemeral"), "\(opcodes)")
        let plan = try database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT stream, COUNT(*) FROM events WHERE \(Backdating.sqlCondition(alias: "")) GROUP BY stream")
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("events_backdated") }, "\(plan)")
    }

    @Test func aVersion6DatabaseGetsTheBackdatedIndexWithoutATemporaryTable() throws {
        let path = directory.path("v6.db")
        do {
            let queue = try DatabaseQueue(path: path)
            try SchemaMigrations.migrator.migrate(queue, upTo: "v6")
            let before = try queue.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events_backdated'") }
            #expect(before?.contains("type IN (") == true)
        }
        let database = try BreachDatabase.open(path: path)
        let after = try database.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'events_backdated'") }
        #expect(after?.contains(Backdating.sqlCondition(alias: "")) == true, "\(after ?? "no index")")
    }
}
