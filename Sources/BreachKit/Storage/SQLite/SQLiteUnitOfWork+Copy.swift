import BreachDomain
import Foundation
import GRDB

/// `breach copy` on SQLite: the log read in order, and events written exactly as another store holds them.
extension SQLiteUnitOfWork: EventLogScanner, EventImporter {
    func forEachEvent(_ body: (StoredEvent) throws -> Void) throws {
        try SQLiteEventLog.forEach(in: db, body)
    }

    func importEvents(_ events: [StoredEvent]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO events (sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, actor, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            try statement.execute(arguments: [event.sequence, event.stream, event.version, event.type, event.schemaVersion, event.payload,
                                              event.effectiveAt, event.recordedAt, event.actor, event.previousHash, event.hash])
        }
    }
}
