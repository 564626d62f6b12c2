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
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == count / MultiRowInsert.rowsPerInsert * MultiRowInsert.rowsPerInsert)
            try insert.finish()
        }
        // Then every row is there, with its values, exactly once
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, name, note FROM t ORDER BY id") }
        #expect(rows.map { [$0[0] as DatabaseValue, $0[1] as DatabaseValue, $0[2] as DatabaseValue] } == (0..<count).map(Self.row))
    }

    @Test func aRefusedRowInAFullStatementThrowsSQLitesError() throws {
        try queue.write { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            for id in 0..<31 { try insert.insert(Self.row(id)) }
            // The 32nd row repeats a unique name: the whole statement is refused with SQLite's message.
            let error = #expect(throws: DatabaseError.self) {
                try insert.insert([DatabaseValue(value: 99)!, "name 5".databaseValue, .null])
            }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("UNIQUE") == true)
        }
    }

    @Test func aRefusedRowInTheRemainderThrowsAtFinish() throws {
        try queue.write { db in
            var insert = try MultiRowInsert(table: "t", columns: ["id", "name", "note"], in: db)
            try insert.insert(Self.row(1))
            try insert.insert([DatabaseValue(value: 2)!, "name 1".databaseValue, .null])
            #expect(throws: DatabaseError.self) { try insert.finish() }
        }
    }
}
