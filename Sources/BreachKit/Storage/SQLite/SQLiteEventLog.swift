import BreachDomain
import Foundation
import GRDB

/// The SQLite event log: appends to and reads from the `events` table, inside a caller's transaction.
public enum SQLiteEventLog {
    /// Appends `events` to `stream`, which must currently be at `expectedVersion`.
    ///
    /// Either all events are appended, chained and hashed, or none: a version conflict throws a
    /// `BreachError(.conflict)` and the caller's transaction rolls back.
    @discardableResult
    public static func append(_ events: [NewEvent], to stream: String, expectedVersion: Int,
                              recordedAt: Date, in db: Database) throws -> [StoredEvent] {
        guard !events.isEmpty else { return [] }
        var appender = try Appender(in: db)
        return try appender.append(events, to: stream, expectedVersion: expectedVersion, recordedAt: recordedAt)
    }

    /// Appends to many streams in one transaction, carrying the head of the chain from one append to the
    /// next instead of reading it back each time. Valid only inside the caller's transaction.
    public struct Appender {
        var insert: BoundStatement
        var currentVersion: BoundStatement
        var sequence: Int64
        var previousHash: String
        /// Reused from event to event: the payload's JSON text and the bytes its hash covers, so that an
        /// event costs no buffer allocation of its own.
        private var payload = ByteBuffer(capacity: 1024)
        private var canonical = EventHasher.Canonical()

        /// Reads the head of the chain; the caller's transaction must already hold the write lock.
        public init(in db: Database) throws {
            let head = try SQLiteEventLog.head(in: db)
            (sequence, previousHash) = (head.sequence, head.hash)
            insert = try BoundStatement(sql: """
                INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, in: db)
            currentVersion = try BoundStatement(sql: SQLiteEventLog.versionQuery, in: db)
        }

        /// Appends `events` to `stream`, which must currently be at `expectedVersion` (see `SQLiteEventLog.append`).
        @discardableResult
        public mutating func append(_ events: [NewEvent], to stream: String, expectedVersion: Int,
                                    recordedAt: Date) throws -> [StoredEvent] {
            guard !events.isEmpty else { return [] }
            currentVersion.bind(stream)
            let current = try currentVersion.fetchInt64() ?? 0
            guard current == Int64(expectedVersion) else { throw StreamConflict.error(stream) }
            let recorded = RFC3339.formatMillis(recordedAt)
            var stored: [StoredEvent] = []
            stored.reserveCapacity(events.count)
            // By index: `enumerated()` cost a copy and a destroy of every event.
            for index in events.indices {
                let event = events[index]
                let sequence = self.sequence + 1
                let version = expectedVersion + index + 1
                let type = event.type
                let schemaVersion = IncidentEvent.currentSchemaVersion(of: type)
                let effective = RFC3339.format(event.effectiveAt)
                payload.removeAll()
                event.payload.serialize(into: &payload)
                // The payload is hashed and bound from its bytes; its `String` is made once, for the result.
                let hash = payload.withUnsafeBytes { payload in
                    canonical.set(previousHash: previousHash, sequence: sequence, stream: stream, version: version, type: type,
                                  schemaVersion: schemaVersion, effectiveAt: effective, recordedAt: recorded, actor: event.actor,
                                  payload: payload)
                    return EventHasher.hex(canonical.digest())
                }
                insert.bind(sequence)
                insert.bind(stream)
                insert.bind(version)
                insert.bind(type)
                insert.bind(schemaVersion)
                payload.withUnsafeBytes { insert.bind(utf8: $0) }
                insert.bind(effective)
                insert.bind(recorded)
                insert.bind(event.actor)
                insert.bind(previousHash)
                insert.bind(hash)
                do {
                    try insert.run()
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw StreamConflict.error(stream)
                }
                let payloadText = payload.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                stored.append(StoredEvent(sequence: sequence, stream: stream, version: version, type: type,
                                          schemaVersion: schemaVersion, payload: payloadText, effectiveAt: effective,
                                          recordedAt: recorded, actor: event.actor, previousHash: previousHash, hash: hash))
                self.sequence = sequence
                previousHash = hash
            }
            return stored
        }
    }

    /// The stored events of one stream, in version order.
    public static func events(of stream: String, in db: Database) throws -> [StoredEvent] {
        // Cached: a check pass asks this (and `version`) once per due incident.
        let statement = try db.cachedStatement(sql: "SELECT \(StoredEvent.columns) FROM events WHERE stream = ? ORDER BY version")
        let cursor = try Row.fetchCursor(statement, arguments: [stream])
        var events: [StoredEvent] = []
        while try cursor.next() != nil { events.append(StoredEvent(columnsOf: statement.sqliteStatement)) }
        return events
    }

    /// The current version of a stream (0 when it has no events).
    public static func version(of stream: String, in db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: versionQuery), arguments: [stream]) ?? 0
    }

    /// A stream's current version: NULL when it has no events.
    static let versionQuery = "SELECT MAX(version) FROM events WHERE stream = ?"

    /// Calls `body` for every event in `ORDER BY` order without loading them all.
    public static func forEach(orderedBy order: String = "sequence", in db: Database, _ body: (StoredEvent) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(StoredEvent.columns) FROM events ORDER BY \(order)")
        while let row = try cursor.next() { try body(StoredEvent(row: row)) }
    }

    /// The last event's sequence and hash: the head of the chain.
    public static func head(in db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM events ORDER BY sequence DESC LIMIT 1") else { return .genesis }
        return ChainHead(sequence: row["sequence"], hash: row["hash"])
    }
}
