import GRDB
import GRDBSQLite

/// A cached write statement run many times, its values bound positionally through SQLite's C API.
///
/// GRDB's `execute(arguments:)` boxes every value into `StatementArguments`, validates them against the
/// statement and binds them recursively: for the millions of rows of a rebuild or a bulk append that was
/// more work than SQLite's own insert. Here values are collected (text copied into one reusable buffer) and
/// bound at `run()` without SQLite copying them again (SQLITE_STATIC: the buffer outlives the step).
///
/// Bind exactly as many values as the SQL has `?` placeholders, in order, then `run()`. Only for
/// statements that return no rows (INSERT, UPDATE, DELETE), inside the caller's transaction.
struct BoundStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    private var values: [Value] = []
    private var text: [UInt8] = []

    private enum Value {
        case null
        case integer(Int64)
        case real(Double)
        /// UTF-8 text at `text[offset..<offset + count]`.
        case text(offset: Int, count: Int)
        /// Bytes at `text[offset..<offset + count]`.
        case blob(offset: Int, count: Int)
    }

    init(sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
        values.reserveCapacity(Int(sqlite3_bind_parameter_count(statement.sqliteStatement)))
        text.reserveCapacity(256)
    }

    mutating func bind(_ value: Int64) { values.append(.integer(value)) }

    mutating func bind(_ value: Int) { values.append(.integer(Int64(value))) }

    mutating func bind(_ value: String) {
        let offset = text.count
        text.append(contentsOf: value.utf8)
        values.append(.text(offset: offset, count: text.count - offset))
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    /// Binds text given as UTF-8 bytes (for example a column of a row being read).
    mutating func bind(utf8 bytes: UnsafeRawBufferPointer) {
        let offset = text.count
        text.append(contentsOf: bytes)
        values.append(.text(offset: offset, count: bytes.count))
    }

    mutating func bindNull() { values.append(.null) }

    mutating func bind(_ value: DatabaseValue) {
        switch value.storage {
        case .null: bindNull()
        case let .int64(number): bind(number)
        case let .double(number): values.append(.real(number))
        case let .string(string): bind(string)
        case let .blob(data):
            let offset = text.count
            text.append(contentsOf: data)
            values.append(.blob(offset: offset, count: data.count))
        }
    }

    /// Executes the statement with the values bound since the last run, then resets it for the next row.
    ///
    /// Throws GRDB's `DatabaseError` (extended result code, SQLite's message, the SQL) when the step fails,
    /// so that callers catch constraint violations exactly as with `execute(arguments:)`.
    mutating func run() throws {
        let handle = statement.sqliteStatement
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)), "BoundStatement: \(values.count) values bound for \(statement.sql)")
        defer {
            values.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
        }
        let (code, message): (Int32, String?) = text.withUnsafeBufferPointer { buffer in
            // A non-nil pointer even for empty text: SQLite binds NULL for a nil pointer.
            let base = buffer.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(Self.empty.utf8Start)
            for (index, value) in zip(Int32(1)..., values) {
                switch value {
                case .null: sqlite3_bind_null(handle, index)
                case let .integer(number): sqlite3_bind_int64(handle, index, number)
                case let .real(number): sqlite3_bind_double(handle, index, number)
                case let .text(offset, count):
                    sqlite3_bind_text(handle, index, (base + offset).assumingMemoryBound(to: CChar.self), Int32(count), nil)
                case let .blob(offset, count):
                    sqlite3_bind_blob(handle, index, base + offset, Int32(count), nil)
                }
            }
            let code = sqlite3_step(handle)
            // SQLite's message belongs to this failure only until the next call on the connection.
            let message = code == SQLITE_DONE ? nil : connection.map { String(cString: sqlite3_errmsg($0)) }
            // Unbind before the buffer can move: the pointers bound above are only valid inside this closure.
            sqlite3_clear_bindings(handle)
            return (code, message)
        }
        guard code == SQLITE_DONE else {
            // sqlite3_reset returns the step's extended error code.
            let resetCode = sqlite3_reset(handle)
            let failure = code == SQLITE_ROW ? SQLITE_MISUSE : (resetCode != SQLITE_OK ? resetCode : code)
            throw DatabaseError(resultCode: ResultCode(rawValue: failure), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }

    /// Something to point at for empty text when the buffer has no storage yet.
    private static let empty: StaticString = ""
}
