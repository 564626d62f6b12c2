import BreachDomain
import Foundation
import GRDB

/// Keeps the read models in step with the log: after each append, and from scratch on `rebuild`.
public enum Projector {
    /// Writes the read-model rows of `incident` that `appended` changed and their timeline rows, in the
    /// caller's transaction (see `IncidentProjection.write(_:scope:in:)`: only the rows the events touch).
    public static func project(_ incident: Incident, appended: [(stored: StoredEvent, event: RecordedIncidentEvent)],
                               in db: Database) throws {
        try IncidentProjection.write(incident, scope: ProjectionScope(appended.map(\.event.event)), in: db)
        // A timeline row holds only the summary: when, what and who are the event's own columns.
        var timeline = try MultiRowInsert(table: "timeline", columns: ["incident_id", "sequence", "summary"], refusal: .abortsStatement,
                                          in: db) { (row: (stored: StoredEvent, event: RecordedIncidentEvent), statement) in
            statement.bind(row.stored.stream)
            statement.bind(row.stored.sequence)
            statement.bind(TimelineEntry.summary(of: row.event.event))
        }
        for row in appended { try timeline.insert(row) }
        try timeline.finish()
    }

    public typealias RebuildStats = BreachKit.RebuildStats

    /// Empties every read model and refolds them from the log, streaming events in (stream, version) order.
    ///
    /// Two halves of similar cost: `RebuildFold` reads and decodes events, folds each incident and computes
    /// its rows; `RebuildWriter` inserts them. Given `eventsFrom` (a second connection to the same file) and
    /// a second core, the fold runs on its own thread while this one writes, batches passing through a
    /// bounded `RebuildChannel`; otherwise they alternate on this connection. Either way memory holds one
    /// stream and a few batches, whatever the size of the log, and any failure — an unreadable event on
    /// the folding side, a refused row on the writing side — throws here, so the caller's transaction
    /// rolls back and the old read models stay.
    ///
    /// `eventsFrom` must read the committed log as this transaction sees it: the caller holds the write
    /// lock (`BEGIN IMMEDIATE`) before calling, so no event can be appended in between.
    public static func rebuild(in db: Database, eventsFrom reader: (any DatabaseReader)? = nil,
                               progress: ((Int) -> Void)? = nil) throws -> RebuildStats {
        for (table, _) in IncidentProjection.columns { try db.execute(sql: "DELETE FROM \(table)") }
        try db.execute(sql: "DELETE FROM timeline")
        try db.execute(sql: "DELETE FROM contacts")
        var writer = try RebuildWriter(in: db)
        var reported = 0
        func write(_ batch: RebuildBatch) throws {
            try writer.write(batch, in: db)
            if writer.events / 100_000 > reported {
                reported = writer.events / 100_000
                progress?(writer.events)
            }
        }
        if let reader, ProcessInfo.processInfo.activeProcessorCount > 1 {
            try foldConcurrently(from: reader, into: write)
        } else {
            try RebuildFold.run(in: db, emit: write)
        }
        try writer.finish()
        return RebuildStats(events: writer.events, incidents: writer.incidents)
    }

    /// Runs `RebuildFold` over `reader` on a thread of its own, handing its batches to `write` on this one.
    private static func foldConcurrently(from reader: any DatabaseReader, into write: (RebuildBatch) throws -> Void) throws {
        // A few batches in flight let each side absorb the other's hiccups without holding much memory.
        let channel = RebuildChannel<RebuildBatch>(capacity: 4)
        let folded = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                try reader.read { db in
                    try RebuildFold.run(in: db) { batch in
                        guard channel.send(batch) else { throw CancellationError() }
                    }
                }
                channel.finish()
            } catch {
                channel.finish(error: error)
            }
            folded.signal()
        }
        thread.name = "breach-rebuild-fold"
        thread.start()
        // Whatever happens here, the folding thread is stopped and gone before the transaction ends.
        defer {
            channel.cancel()
            folded.wait()
        }
        while let batch = try channel.receive() { try write(batch) }
    }
}

/// Reads the log stream by stream without holding more than one stream in memory.
enum StreamFold {
    /// A folded stream: an incident (with its decoded events) or a contact.
    enum Folded {
        case incident(Incident?, [RecordedIncidentEvent])
        case contact(id: String, Contact?)
        /// The audit stream (checkpoints): decoded to prove it is well formed; it has no read model.
        case audit([AuditEvent])
    }

    /// Calls `body` with each stream's stored events, in (stream, version) order.
    static func forEachStream(in db: Database, _ body: (String, [StoredEvent]) throws -> Void) throws {
        var currentStream: String?
        var events: [StoredEvent] = []
        try SQLiteEventLog.forEach(orderedBy: "stream, version", in: db) { stored in
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
        if let id = Contact.id(ofStream: stream) {
            return .contact(id: id, ContactEvent.fold(try stored.map { try $0.decodedContact() }))
        }
        if AuditEvent.isAuditStream(stream) {
            var events: [AuditEvent] = []
            for event in stored {
                events.append(try AuditEvent(type: event.type, payload: (try? JSONValue.parse(event.payload)) ?? .null))
            }
            return .audit(events)
        }
        var state: Incident?
        var decoded: [RecordedIncidentEvent] = []
        decoded.reserveCapacity(stored.count)
        for event in stored {
            let recorded = try event.decoded()
            Incident.evolve(&state, recorded, id: stream)
            decoded.append(recorded)
        }
        return .incident(state, decoded)
    }
}
