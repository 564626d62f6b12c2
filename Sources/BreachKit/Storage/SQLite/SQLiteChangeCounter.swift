import Foundation
import GRDBSQLite

/// A `StoreChangeCounter` over a SQLite file: `PRAGMA data_version` on a connection of its own.
///
/// SQLite changes the value a connection's `PRAGMA data_version` returns whenever another connection —
/// in this process or any other — has committed. This connection never writes, so every commit counts.
/// One prepared statement stepped under a lock: a few microseconds and no transaction left open. It never
/// waits: a file that is busy (a recovery under way) answers nil, and the caller reads the store.
final class SQLiteChangeCounter: StoreChangeCounter, @unchecked Sendable {
    private let lock = NSLock()
    private let connection: OpaquePointer
    private let statement: OpaquePointer

    /// Opens a read-only connection to `path`; nil when it cannot be opened or the pragma prepared.
    init?(path: String) {
        var connection: OpaquePointer?
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              let connection else {
            sqlite3_close_v2(connection)
            return nil
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK, let statement else {
            sqlite3_close_v2(connection)
            return nil
        }
        self.connection = connection
        self.statement = statement
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(connection)
    }

    func current() -> Int64? {
        lock.withLock {
            defer { sqlite3_reset(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return sqlite3_column_int64(statement, 0)
        }
    }
}

extension SQLiteStore {
    /// A change counter on a connection of its own; nil for a file opened read-only (an evidence copy,
    /// read as usual on every request) or one that cannot be opened a second time.
    public func changeCounter() -> (any StoreChangeCounter)? {
        guard !database.isReadOnly else { return nil }
        return SQLiteChangeCounter(path: database.path)
    }
}
