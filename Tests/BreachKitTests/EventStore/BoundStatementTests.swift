@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

@Suite("BoundStatement")
struct BoundStatementTests {
    let directory: TemporaryDirectory
    let queue: DatabaseQueue

    init() throws {
        directory = try TemporaryDirectory()
        queue = try DatabaseQueue(path: directory.path("bound.db"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, score REAL, data BLOB)")
        }
    }

    @Test func bindsEveryKindOfValueAndReusesTheStatement() throws {
        try queue.write { db in
            // Given one statement run for several rows, with text both as String and as raw bytes
            var insert = try BoundStatement(sql: "INSERT INTO t (id, name, note, score, data) VALUES (?, ?, ?, ?, ?)", in: db)
            insert.bind(Int64(1)); insert.bind("ünïcode ✓"); insert.bind(String?.none); insert.bind(DatabaseValue(value: 2.5)!)
            insert.bind(DatabaseValue(value: Data([0, 1, 2]))!)
            try insert.run()
            insert.bind(2); insert.bind(""); insert.bind("a note" as String?); insert.bindNull(); insert.bind(DatabaseValue.null)
            try insert.run()
            var bytes = Array("from bytes".utf8)
            bytes.withUnsafeBytes { insert.bind(3); insert.bind(utf8: $0) }
            insert.bind(DatabaseValue(value: "x")!); insert.bind(DatabaseValue(value: 7)!); insert.bind(DatabaseValue(value: Data())!)
            try insert.run()
            bytes = []
            // Then every value arrives with its type, empty text as '' (not NULL)
            let rows = try Row.fetchAll(db, sql: "SELECT id, name, note, score, data, typeof(name), typeof(data) FROM t ORDER BY id")
            #expect(rows.count == 3)
            #expect(rows[0][1] as String == "ünïcode ✓")
            #expect(rows[0][2] as String? == nil)
            #expect(rows[0][3] as Double == 2.5)
            #expect(rows[0][4] as Data == Data([0, 1, 2]))
            #expect(rows[1][1] as String == "")
            #expect(rows[1][5] as String == "text")
            #expect(rows[1][2] as String == "a note")
            #expect(rows[2][1] as String == "from bytes")
            #expect(rows[2][2] as String == "x")
            #expect(rows[2][3] as Int == 7)
            #expect(rows[2][6] as String == "blob")
        }
    }

    @Test func aConstraintViolationThrowsDatabaseErrorAndTheStatementStaysUsable() throws {
        try queue.write { db in
            var insert = try BoundStatement(sql: "INSERT INTO t (id, name) VALUES (?, ?)", in: db)
            insert.bind(1); insert.bind("same")
            try insert.run()
            insert.bind(2); insert.bind("same")
            // When a row breaks the UNIQUE constraint
            var caught: DatabaseError?
            do { try insert.run() } catch let error as DatabaseError { caught = error }
            // Then the error is GRDB's, with the constraint code, SQLite's message and the SQL
            #expect(caught?.resultCode == .SQLITE_CONSTRAINT)
            #expect(caught?.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE)
            #expect(caught?.message?.contains("UNIQUE constraint failed: t.name") == true)
            #expect(caught?.sql?.contains("INSERT INTO t") == true)
            // And the next row goes in
            insert.bind(3); insert.bind("other")
            try insert.run()
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 2)
        }
    }
}

extension BoundStatementTests {
    @Test func fetchInt64ReadsOneIntegerAndNilForNullOrNoRow() throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t (id, name, score) VALUES (1, 'a', 2.5), (7, 'b', NULL)")
            var query = try BoundStatement(sql: "SELECT id FROM t WHERE name = ?", in: db)
            // A row: its first column
            query.bind("b")
            #expect(try query.fetchInt64() == 7)
            // No row, then the statement is reused
            query.bind("none")
            #expect(try query.fetchInt64() == nil)
            query.bind("a")
            #expect(try query.fetchInt64() == 1)
            // An aggregate over no rows is NULL
            var maximum = try BoundStatement(sql: "SELECT MAX(id) FROM t WHERE name = ?", in: db)
            maximum.bind("none")
            #expect(try maximum.fetchInt64() == nil)
            maximum.bind("b")
            #expect(try maximum.fetchInt64() == 7)
        }
    }

    @Test func runRefusesAStatementThatReturnsRows() throws {
        try queue.write { db in
            var query = try BoundStatement(sql: "SELECT 1", in: db)
            var caught: DatabaseError?
            do { try query.run() } catch let error as DatabaseError { caught = error }
            #expect(caught?.resultCode == .SQLITE_MISUSE)
        }
    }
}

@Suite("EventHasher")
struct EventHasherBytesTests {
    @Test func hashesTheSameLengthPrefixedBytesAsBefore() {
        // The chain's definition: SHA-256 of previous hash + "<len>:<field>" for each field, numbers in decimal.
        // Existing databases must keep verifying, so the bytes are pinned here, negative and large numbers included.
        // Expected values computed independently (Python's hashlib over the same length-prefixed bytes).
        let cases: [(Int64, Int, String)] = [
            (Int64(1), 1, "da00c1c89eb74eb8d699a5dd25d934fa464b1a2b6f3bdd14cddd3041e3ee74a0"),
            (Int64(9), 10, "d139a33552429519cb65ccc083e217ebe5eec67ef01b2accdd82808711a027e1"),
            (Int64(1234567), 99, "62fe13a7589ecf19bf951fc97ec9b6ef407b95ec5bed00379c33e0e1fa603001"),
            (Int64.max, Int.max, "0048acc6cde60e59bbeb26f340f4f9067b4db08d3947d841a1614b6af89be2ee"),
            (Int64(-5), -12, "cd4a9e56e7ac628ce91a09696c3540c72ea96c66ab90808c16aee59c6bad8fc5"),
        ]
        for (sequence, version, expected) in cases {
            let hash = EventHasher.hash(previousHash: EventHasher.genesis, sequence: sequence, stream: "INC-1", version: version,
                                        type: "incident.detected", schemaVersion: 2, payload: #"{"a":"é"}"#,
                                        effectiveAt: "2026-01-01T00:00:00Z", recordedAt: "2026-01-01T00:00:00.000Z", actor: "alice")
            #expect(hash == expected)
        }
    }
}
