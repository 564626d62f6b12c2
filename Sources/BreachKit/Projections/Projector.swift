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
        var timeline = try BoundStatement(sql: timelineInsert, in: db)
        for (stored, event) in appended {
            timeline.bind(stored.sequence)
            timeline.bind(stored.stream)
            timeline.bind(stored.effectiveAt)
            timeline.bind(stored.type)
            timeline.bind(stored.actor)
            timeline.bind(TimelineEntry.summary(of: event.event))
            try timeline.run()
        }
    }

    static let timelineInsert = "INSERT INTO timeline (sequence, incident_id, at, type, actor, summary) VALUES (?, ?, ?, ?, ?, ?)"

    /// What a rebuild did.
    public struct RebuildStats: Sendable {
        public let events: Int
        public let incidents: Int
    }

    /// Empties every read model and refolds them from the log, streaming events in (stream, version) order.
    ///
    /// One pass, one event at a time: each event is decoded, folded into its incident and its timeline row
    /// written at once (its columns bound straight from the row being read); an incident's other rows are
    /// written when its stream ends. Memory holds one incident, whatever the size of the log.
    public static func rebuild(in db: Database, progress: ((Int) -> Void)? = nil) throws -> RebuildStats {
        for (table, _) in IncidentProjection.columns { try db.execute(sql: "DELETE FROM \(table)") }
        try db.execute(sql: "DELETE FROM timeline")
        try db.execute(sql: "DELETE FROM contacts")
        var fold = RebuildFold(timeline: try BoundStatement(sql: timelineInsert, in: db), projection: try IncidentProjection.Writer(in: db))
        var events = 0
        try EventScan.forEach(orderedBy: "stream, version", in: db) { row in
            if !fold.isCurrent(row.stream) {
                try fold.finishStream(in: db)
                fold.start(row.stream)
            }
            try fold.add(row)
            events += 1
            if events % 100_000 == 0 { progress?(events) }
        }
        try fold.finishStream(in: db)
        return RebuildStats(events: events, incidents: fold.incidents)
    }
}

/// The state of a rebuild between events: the stream being folded and its incident (or contact) so far.
private struct RebuildFold {
    var timeline: BoundStatement
    var projection: IncidentProjection.Writer
    var stream = ""
    var streamBytes: [UInt8] = []
    var hasStream = false
    var isContact = false
    var incident: Incident?
    var contactEvents: [ContactEvent] = []
    /// Timeline rows held back while the stream has no incident yet (a log whose stream does not start with
    /// `incident.detected`): written once it has one, dropped if it never does, like the
    /// rest of a stream without an incident.
    var heldTimeline: [(sequence: Int64, at: String, type: String, actor: String, summary: String)] = []
    var incidents = 0

    func isCurrent(_ bytes: UnsafeRawBufferPointer) -> Bool {
        hasStream && bytes.elementsEqual(streamBytes)
    }

    mutating func start(_ bytes: UnsafeRawBufferPointer) {
        streamBytes = Array(bytes)
        hasStream = true
        stream = String(utf8: bytes)
        isContact = stream.hasPrefix("contact:")
        incident = nil
        contactEvents.removeAll(keepingCapacity: true)
        heldTimeline.removeAll()
    }

    mutating func add(_ row: EventScan.Row) throws {
        if isContact {
            contactEvents.append(try row.decodedContactEvent())
            return
        }
        let recorded = try row.decodedIncidentEvent()
        incident = Incident.evolve(incident, recorded, id: stream)
        let summary = TimelineEntry.summary(of: recorded.event)
        guard incident != nil else {
            heldTimeline.append((row.sequence, String(utf8: row.effectiveAt), String(utf8: row.type), recorded.actor, summary))
            return
        }
        try writeHeldTimeline()
        timeline.bind(row.sequence)
        timeline.bind(utf8: row.stream)
        timeline.bind(utf8: row.effectiveAt)
        timeline.bind(utf8: row.type)
        timeline.bind(utf8: row.actor)
        timeline.bind(summary)
        try timeline.run()
    }

    private mutating func writeHeldTimeline() throws {
        for held in heldTimeline {
            timeline.bind(held.sequence)
            timeline.bind(stream)
            timeline.bind(held.at)
            timeline.bind(held.type)
            timeline.bind(held.actor)
            timeline.bind(held.summary)
            try timeline.run()
        }
        heldTimeline.removeAll()
    }

    /// Writes the finished stream's rows (nothing before the first stream).
    mutating func finishStream(in db: Database) throws {
        guard hasStream else { return }
        if isContact {
            try ContactProjection.write(id: String(stream.dropFirst("contact:".count)), contact: ContactEvent.fold(contactEvents), in: db)
        } else if let incident {
            incidents += 1
            try projection.write(IncidentProjection(incident), incidentID: incident.id, replacing: false)
        }
        hasStream = false
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
