import BreachDomain
import Foundation
import GRDB
import GRDBSQLite

/// The events table read row by row with its columns borrowed from SQLite: no `String` per column.
///
/// For `rebuild`, which reads every event once: building a `StoredEvent` (eleven columns, eight strings)
/// per row was a tenth of the rebuild. A row here is only valid inside the `forEach` callback.
enum EventScan {
    /// The columns read, in the order `Row` expects them.
    static let columns = "sequence, stream, version, type, schema_version, payload, effective_at, actor"

    /// The current row of the scan. Byte buffers point into SQLite's row and die at the next step.
    struct Row {
        fileprivate let handle: OpaquePointer

        var sequence: Int64 { sqlite3_column_int64(handle, 0) }
        var stream: UnsafeRawBufferPointer { text(1) }
        var version: Int { Int(sqlite3_column_int64(handle, 2)) }
        var type: UnsafeRawBufferPointer { text(3) }
        var schemaVersion: Int { Int(sqlite3_column_int64(handle, 4)) }
        var payload: UnsafeRawBufferPointer { text(5) }
        var effectiveAt: UnsafeRawBufferPointer { text(6) }
        var actor: UnsafeRawBufferPointer { text(7) }

        private func text(_ column: Int32) -> UnsafeRawBufferPointer { SQLiteColumn.text(handle, column) }

        /// Decodes the row as an incident event, upcasting old schema versions (see `StoredEvent.decoded`).
        func decodedIncidentEvent() throws -> RecordedIncidentEvent {
            let payload: JSONValue
            do { payload = try JSONValue.parse(utf8: self.payload) } catch {
                throw StoredEvent.unreadablePayload(sequence: sequence, stream: String(utf8: stream), version: version, error)
            }
            return try StoredEvent.decodeIncidentEvent(sequence: sequence, type: String(utf8: type), schemaVersion: schemaVersion,
                                                       payload: payload, effectiveAt: RFC3339.parse(utf8: effectiveAt),
                                                       effectiveText: String(utf8: effectiveAt), actor: String(utf8: actor))
        }

        /// Decodes the row as a contact-registry event.
        func decodedContactEvent() throws -> ContactEvent {
            let payload: JSONValue
            do { payload = try JSONValue.parse(utf8: self.payload) } catch {
                throw StoredEvent.unreadablePayload(sequence: sequence, stream: String(utf8: stream), version: version, error)
            }
            let typeName = String(utf8: type)
            return try StoredEvent.decoding(sequence: sequence, type: typeName) { () throws(EventDecodingError) in
                try ContactEvent(type: typeName, payload: payload)
            }
        }
    }

    /// Calls `body` with every event in `ORDER BY order` order, streaming (constant memory).
    static func forEach(orderedBy order: String, in db: Database, _ body: (Row) throws -> Void) throws {
        let statement = try db.makeStatement(sql: "SELECT \(columns) FROM events ORDER BY \(order)")
        let cursor = try GRDB.Row.fetchCursor(statement)
        let row = Row(handle: statement.sqliteStatement)
        while try cursor.next() != nil { try body(row) }
    }
}

extension String {
    /// The text of UTF-8 bytes (invalid sequences repaired, as `String(decoding:as:)` does).
    init(utf8 bytes: UnsafeRawBufferPointer) {
        self.init(decoding: bytes, as: UTF8.self)
    }
}
