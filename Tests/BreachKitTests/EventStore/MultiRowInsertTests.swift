@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

@Suite("MultiRowInsert")
struct MultiRowInsertTests {
    let directory: TemporaryDirectory
    let queue: DatabaseQueue

    init() throws {
        directory = try TemporaryDirectory()
        queue = try DatabaseQueue(path: directory.path("rows.db"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT)")
        }
    }

    private static func row(_ id: Int) -> [DatabaseValue] {
        [id.databaseValue, "name \(id)".databaseValue, id % 3 == 0 ? .null : "note \(id) ✓".databaseValue]
    }

    @Test(arguments: [0, 1, 31, 32, 33, 64, 70])
    func everyRowIsWrittenOnceFinished(count: Int) throws {
        // Given `count` rows, full statements of 32 and a remainder
        try queue.write { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            for id in 0..<count { try insert.insert(Self.row(id)) }
            // Before finish, only whole statements have run
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == count / MultiRowInsert<[DatabaseValue]>.rowsPerInsert * MultiRowInsert<[DatabaseValue]>.rowsPerInsert)
            try insert.finish()
        }
        // Then every row is there, with its values, exactly once
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, name, note FROM t ORDER BY id") }
        #expect(rows.map { [$0[0] as DatabaseValue, $0[1] as DatabaseValue, $0[2] as DatabaseValue] } == (0..<count).map(Self.row))
    }

    /// Runs `body` in a transaction that first writes a row of its own; returns the error `write` threw.
    private func failingWrite(_ body: (Database) throws -> Void) -> DatabaseError? {
        do {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO t (id, name) VALUES (1000, 'written earlier in the transaction')")
                try body(db)
            }
            return nil
        } catch {
            return error as? DatabaseError
        }
    }

    @Test func aRefusedRowInAFullStatementRollsBackTheWholeTransaction() throws {
        // Given 31 rows held, the 32nd repeating a unique name
        let error = failingWrite { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            for id in 0..<31 { try insert.insert(Self.row(id)) }
            do {
                try insert.insert([DatabaseValue(value: 99)!, "name 5".databaseValue, .null])
            } catch {
                // SQLite itself ended the transaction (OR ROLLBACK): no statement journal was needed to
                // undo just the statement, as a plain INSERT of many rows would.
                #expect(!db.isInsideTransaction)
                throw error
            }
        }
        // Then SQLite's refusal is the error, and nothing of the transaction stayed, not even the earlier row
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        #expect(error?.message?.contains("UNIQUE") == true, "\(String(describing: error))")
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 0)
    }

    @Test func aRefusedRowInTheRemainderRollsBackAtFinish() throws {
        let error = failingWrite { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            try insert.insert(Self.row(1))
            try insert.insert([DatabaseValue(value: 2)!, "name 1".databaseValue, .null])
            try insert.finish()
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 0)
    }

    @Test(arguments: [5, 40])
    func anUpsertUpdatesRowsWhoseKeyExistsInPlace(count: Int) throws {
        // Given rows 0..<count stored, and the same keys written again with new notes, plus one new row
        try queue.write { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            for id in 0..<count { try insert.insert(Self.row(id)) }
            try insert.finish()
        }
        try queue.write { db in
            var upsert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], refusal: .abortsStatement,
                                            upsert: "ON CONFLICT(id) DO UPDATE SET note = excluded.note", in: db)
            for id in 0...count { try upsert.insert([id.databaseValue, "name \(id)".databaseValue, "again \(id)".databaseValue]) }
            try upsert.finish()
        }
        // Then every key is there once, with the new note
        let notes = try queue.read { db in try String.fetchAll(db, sql: "SELECT note FROM t ORDER BY id") }
        #expect(notes == (0...count).map { "again \($0)" })
    }

    @Test func aRefusedRowThatAbortsOnlyItsStatementLeavesTheTransactionToTheCaller() throws {
        // Given a full statement of 32 rows whose last repeats a unique name
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t (id, name) VALUES (1000, 'written earlier in the transaction')")
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], refusal: .abortsStatement, in: db)
            for id in 0..<31 { try insert.insert(Self.row(id)) }
            let refused = #expect(throws: DatabaseError.self) {
                try insert.insert([DatabaseValue(value: 99)!, "name 5".databaseValue, .null])
            }
            #expect(refused?.resultCode == .SQLITE_CONSTRAINT)
            // Then the transaction is still open, with what it wrote before, and none of the statement's rows
            #expect(db.isInsideTransaction)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 1)
        }
        // And the caller's commit keeps what it wrote before
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 1)
    }

    @Test(arguments: [(31, 5), (32, 1), (47, 5), (48, 2), (2, 1), (0, 0)])
    func theRowsLeftAtFinishTakeAtMostFiveStatements(count: Int, statements expected: Int) throws {
        var statements = 0
        try queue.write { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            db.trace(options: .statement) { _ in statements += 1 }
            for id in 0..<count { try insert.insert(Self.row(id)) }
            try insert.finish()
            db.trace(options: .statement, nil)
        }
        // 31 = 16 + 8 + 4 + 2 + 1; 47 = 32 + 8 + 4 + 2 + 1: the halving shapes, not one statement per row left
        #expect(statements == expected)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == count)
    }
}
