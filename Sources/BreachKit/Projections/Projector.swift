import BreachDomain
import Foundation
import GRDB

/// Keeps the read models in step with the log: after each append, and from scratch on `rebuild`.
public enum Projector {
    /// Writes the read models of `incident` and the timeline rows of `appended`, in the caller's transaction.
    public static func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)], in db: Database) throws {
        try IncidentProjection(incident).write(incidentID: incident.id, in: db)
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
        var events = 0, incidents = 0
        try StreamFold.forEachStream(in: db) { stream, fold in
            events += fold.count
            if events / 100_000 != (events - fold.count) / 100_000 { progress?(events) }
            guard let incident = fold.state else { return }
            incidents += 1
            try project(incident, appended: fold.events, in: db)
        }
        return RebuildStats(events: events, incidents: incidents)
    }
}

/// Reads the log stream by stream and folds each, without holding more than one stream in memory.
enum StreamFold {
    struct Fold {
        var state: Incident?
        var events: [(stored: StoredEvent, event: RecordedIncidentEvent)] = []
        var count: Int { events.count }
    }

    static func forEachStream(in db: Database, _ body: (String, Fold) throws -> Void) throws {
        var currentStream: String?
        var fold = Fold()
        try EventStore.forEach(orderedBy: "stream, version", in: db) { stored in
            if stored.stream != currentStream {
                if let currentStream { try body(currentStream, fold) }
                currentStream = stored.stream
                fold = Fold()
            }
            let event = try stored.decoded()
            fold.state = Incident.evolve(fold.state, event, id: stored.stream)
            fold.events.append((stored, event))
        }
        if let currentStream { try body(currentStream, fold) }
    }
}
