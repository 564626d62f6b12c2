import BreachDomain
import GRDB
import GRDBSQLite

/// A cached write statement run many times, its values bound positionally through SQLite's C API.
///
/// GRDB's `execute(arguments:)` boxes every value into `StatementArguments`, validates them against the
/// statement and binds them recursively: for the millions of rows of a rebuild or a bulk append that was
/// more work than SQLite's own insert. Here values are collected (text copied into one reusable buffer) and
/// bound at `run()` without SQLite copying them again (SQLITE_STATIC: the buffer outlives the step).
///
/// Bind exactly as many values as the SQL has `?` placeholders, in order, then `run()`: for statements
/// that return no rows (INSERT, UPDATE, DELETE), inside the caller's transaction; or `fetchInt64()` for
/// a query whose answer is one integer.
struct BoundStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    private var values: [Value] = []
    private var text = ByteBuffer()

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
    }

    mutating func bind(_ value: Int64) { values.append(.integer(value)) }

    mutating func bind(_ value: Int) { values.append(.integer(Int64(value))) }

    mutating func bind(_ value: String) {
        let offset = text.count
        text.append(value)
        values.append(.text(offset: offset, count: text.count - offset))
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    /// Binds text given as UTF-8 bytes (for example a column of a row being read).
    mutating func bind(utf8 bytes: UnsafeRawBufferPointer) {
        let offset = text.count
        text.append(bytes)
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
            data.withUnsafeBytes { text.append($0) }
            values.append(.blob(offset: offset, count: data.count))
        }
    }

    /// Executes the statement with the values bound since the last run, then resets it for the next row.
    ///
    /// Throws GRDB's `DatabaseError` (extended result code, SQLite's message, the SQL) when the step fails,
    /// so that callers catch constraint violations exactly as with `execute(arguments:)`.
    mutating func run() throws {
        _ = try step(readingRow: false)
    }

    /// Runs a query with the values bound since the last run and returns the first column of its first
    /// row as an integer: nil when there is no row or the value is NULL (`SELECT MAX(…)` of no rows).
    ///
    /// For a lookup repeated once per stream of a bulk append, where GRDB's `fetchOne` (a cursor, its
    /// arguments boxed and validated) cost several times SQLite's own index lookup.
    mutating func fetchInt64() throws -> Int64? {
        try step(readingRow: true)
    }

    /// Binds the collected values, steps once, reads column 0 of a row if asked to, and resets.
    private mutating func step(readingRow: Bool) throws -> Int64? {
        let handle = statement.sqliteStatement
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)), "BoundStatement: \(values.count) values bound for \(statement.sql)")
        defer {
            values.removeAll(keepingCapacity: true)
            text.removeAll()
        }
        let (code, value, message): (Int32, Int64?, String?) = text.withUnsafeBytes { buffer in
            // A non-nil pointer even for empty text: SQLite binds NULL for a nil pointer.
            let base = buffer.baseAddress ?? UnsafeRawPointer(Self.empty.utf8Start)
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
            let value = readingRow && code == SQLITE_ROW && sqlite3_column_type(handle, 0) != SQLITE_NULL
                ? sqlite3_column_int64(handle, 0) : nil
            let succeeded = code == SQLITE_DONE || (readingRow && code == SQLITE_ROW)
            // SQLite's message belongs to this failure only until the next call on the connection.
            let message = succeeded ? nil : connection.map { String(cString: sqlite3_errmsg($0)) }
            // Unbind before the buffer can move: the pointers bound above are only valid inside this closure.
            sqlite3_clear_bindings(handle)
            return (code, value, message)
        }
        guard code == SQLITE_DONE || (readingRow && code == SQLITE_ROW) else {
            // sqlite3_reset returns the step's extended error code.
            let resetCode = sqlite3_reset(handle)
            let failure = code == SQLITE_ROW ? SQLITE_MISUSE : (resetCode != SQLITE_OK ? resetCode : code)
            throw DatabaseError(resultCode: ResultCode(rawValue: failure), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
        return value
    }

    /// Something to point at for empty text should the buffer hand out no address.
    private static let empty: StaticString = ""
}
