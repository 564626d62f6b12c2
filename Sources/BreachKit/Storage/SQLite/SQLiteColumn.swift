import GRDBSQLite

/// A column of the row a SQLite statement is on, read in place.
enum SQLiteColumn {
    /// The bytes of text column `column`, borrowed from SQLite: valid until the statement steps or resets.
    static func text(_ handle: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_text before sqlite3_column_bytes, as SQLite requires for a stable length.
        guard let start = sqlite3_column_text(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
