@testable import BreachKit
import Foundation
import GRDB

/// The SQLite backend's tests reach its connection through the store the service owns.
extension IncidentService {
    convenience init(database: BreachDatabase, clock: any BreachClock, actor: String, wallClock: any BreachClock = SystemClock(),
                     rulesProvider: (any IncidentRulesProvider)? = nil) {
        self.init(store: SQLiteStore(database: database), clock: clock, actor: actor, wallClock: wallClock, rulesProvider: rulesProvider)
    }

    /// The SQLite connection behind the service (these tests run on the SQLite backend).
    var database: BreachDatabase { (store as! SQLiteStore).database }

    /// Appends inside a transaction the test opened on the SQLite connection, as a unit of work would.
    @discardableResult
    func append(_ events: [IncidentEvent], to id: String, state: Incident?, at now: Date, in db: Database) throws -> Incident {
        try append(events, to: id, state: state, at: now, in: SQLiteUnitOfWork(db))
    }
}

extension ContactRegistry {
    convenience init(database: BreachDatabase, clock: any BreachClock, actor: String, wallClock: any BreachClock = SystemClock()) {
        self.init(store: SQLiteStore(database: database), clock: clock, actor: actor, wallClock: wallClock)
    }
}

/// The SQLite event log under the name the store tests have always used.
typealias EventStore = SQLiteEventLog

extension SQLiteEventLog {
    /// Appends domain events (tests write incident streams directly).
    @discardableResult
    static func append(_ events: [RecordedIncidentEvent], to stream: String, expectedVersion: Int, recordedAt: Date,
                       in db: Database) throws -> [StoredEvent] {
        try append(events.map(NewEvent.init), to: stream, expectedVersion: expectedVersion, recordedAt: recordedAt, in: db)
    }
}
