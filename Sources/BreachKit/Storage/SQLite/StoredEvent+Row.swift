import BreachDomain
import Foundation
import GRDB
import GRDBSQLite

extension StoredEvent {
    /// The columns `init(row:)` reads, in order: select exactly these (or `*`, the table's own order).
    static let columns = "sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash"

    /// Reads a row selected as `columns`. By position: looking columns up by name was a tenth of a rebuild.
    init(row: Row) {
        self.init(sequence: row[0], stream: row[1], version: row[2], type: row[3], schemaVersion: row[4], payload: row[5],
                  effectiveAt: row[6], recordedAt: row[7], actor: row[8], previousHash: row[9], hash: row[10])
    }

    /// Reads the current row of a statement selecting `columns`, straight from SQLite's column values.
    ///
    /// For reading a whole stream: `Row.fetchAll` copied every value into a `DatabaseValue` before this
    /// type copied it again, 17 k instructions an event, and an incident notifying 10,000 recipients has
    /// 10,000 `contact.linked` events to fold before it queues anything.
    init(columnsOf handle: OpaquePointer) {
        func text(_ column: Int32) -> String { String(utf8: SQLiteColumn.text(handle, column)) }
        self.init(sequence: sqlite3_column_int64(handle, 0), stream: text(1), version: Int(sqlite3_column_int64(handle, 2)),
                  type: text(3), schemaVersion: Int(sqlite3_column_int64(handle, 4)), payload: text(5), effectiveAt: text(6),
                  recordedAt: text(7), actor: text(8), previousHash: text(9), hash: text(10))
    }
}
