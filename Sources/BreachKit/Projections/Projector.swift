import BreachDomain
import Foundation
import GRDB

/// Keeps the read models in step with the log: after each append, and from scratch on `rebuild`.
public enum Projector {
    /// Writes the read models of `incident` and the timeline rows of `appended`, in the caller's transaction.
    /// `replacing: false` skips deleting the incident's old rows: for a rebuild, which emptied the tables.
    public static func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)],
                               replacing: Bool = true, in db: Database) throws {
        try IncidentProjection(incident).write(incidentID: incident.id, replacing: replacing, in: db)
        let statement = try db.cachedStatement(sql: "INSERT INTO timeline (sequence, incident_id, at, type, actor, summary) VALUES (?, ?, ?, ?, ?, ?)")
        for (stored, event) in appended {
            try statement.execute(arguments: [stored.sequence, stored.stream, stored.effectiveAt, stored.type, stored.actor,
                                              TimelineEntry.summary(of: event.event)])
        }
    }

    /// What a rebuild did.
    public struct RebuildStats: Sendable {
        public let events: Int
        public let incidents: Int
    }

    /// Empties every read model and refolds them from the log, streaming events in (stream, version) order.
    public static func rebuild(in db: Database, progress: ((Int) -> Void)? = nil) throws -> RebuildStats {
        for (table, _) in IncidentProjection.columns { try db.execute(sql: "DELETE FROM \(table)") }
        try db.execute(sql: "DELETE FROM timeline")
        try db.execute(sql: "DELETE FROM contacts")
        var events = 0, incidents = 0
        try StreamFold.forEachStream(in: db) { stream, stored in
            events += stored.count
            if events / 100_000 != (events - stored.count) / 100_000 { progress?(events) }
            switch try StreamFold.fold(stream: stream, stored) {
            case let .contact(id, contact):
                try ContactProjection.write(id: id, contact: contact, in: db)
            case let .incident(incident, decoded):
                guard let incident else { return }
                incidents += 1
                try project(incident, appended: Array(zip(stored, decoded)), replacing: false, in: db)
            }
        }
        return RebuildStats(events: events, incidents: incidents)
    }
}

/// Reads the log stream by stream without holding more than one stream in memory.
enum StreamFold {
    /// A folded stream: an incident (with its decoded events) or a contact.
    enum Folded {
        case incident(Incident?, [RecordedIncidentEvent])
        case contact(id: String, Contact?)
    }

    /// Calls `body` with each stream's stored events, in (stream, version) order.
    static func forEachStream(in db: Database, _ body: (String, [StoredEvent]) throws -> Void) throws {
        var currentStream: String?
        var events: [StoredEvent] = []
        try EventStore.forEach(orderedBy: "stream, version", in: db) { stored in
            if stored.stream != currentStream {
                if let currentStream { try body(currentStream, events) }
                currentStream = stored.stream
                events.removeAll(keepingCapacity: true)
            }
            events.append(stored)
        }
        if let currentStream { try body(currentStream, events) }
    }

    /// Decodes and folds one stream's events.
    static func fold(stream: String, _ stored: [StoredEvent]) throws -> Folded {
        if stream.hasPrefix("contact:") {
            return .contact(id: String(stream.dropFirst("contact:".count)), ContactEvent.fold(try stored.map { try $0.decodedContact() }))
        }
        var state: Incident?
        var decoded: [RecordedIncidentEvent] = []
        decoded.reserveCapacity(stored.count)
        for event in stored {
            let recorded = try event.decoded()
            state = Incident.evolve(state, recorded, id: stream)
            decoded.append(recorded)
        }
        return .incident(state, decoded)
    }
}
