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
