import BreachDomain
import Foundation
import GRDB

/// One row-group a rebuild writes, computed from the log without touching the read models.
enum RebuildOutput: Sendable {
    /// The timeline row of one incident event.
    case timeline(incidentID: String, sequence: Int64, summary: String)
    /// Every other read-model row of a finished incident stream.
    case incident(IncidentProjection)
    /// A finished contact stream: its row, or none when the contact was removed.
    case contact(id: String, Contact?)
}

/// A run of outputs handed from the folding side of a rebuild to the writing side.
struct RebuildBatch: Sendable {
    var outputs: [RebuildOutput] = []
    /// The events read to produce these outputs (for progress and the final count).
    var events = 0
}

/// The folding half of a rebuild: reads the log in (stream, version) order, decodes and folds it, and
/// derives the rows to write (timeline summaries, projections).
///
/// Pure with respect to the read models — it only reads `events` — so it can run on its own connection
/// and thread while another writes. Memory holds one stream's state and one batch. Deriving the rows
/// here rather than in the writer balances the two halves: SQLite's inserts alone cost about as much.
struct RebuildFold {
    /// Outputs per batch: large enough to make hand-offs rare, small enough to keep memory flat.
    static let batchSize = 1_024

    private var stream = ""
    private var streamBytes: [UInt8] = []
    private var hasStream = false
    /// The contact whose stream is being read, or nil for an incident's.
    private var contactID: String?
    /// Whether the stream being read is the audit stream (checkpoints), which has no read model.
    private var isAudit = false
    private var incident: Incident?
    private var contactEvents: [ContactEvent] = []
    /// Timeline rows held back while the stream has no incident yet (a log whose stream does not start with
    /// `incident.detected`): emitted once it has one, dropped if it never does, like the rest of a stream
    /// without an incident.
    private var heldTimeline: [(sequence: Int64, summary: String)] = []
    private var batch = RebuildBatch()

    /// Folds every event of `db`'s log, calling `emit` with each full batch and with the last one.
    static func run(in db: Database, emit: (RebuildBatch) throws -> Void) throws {
        var fold = RebuildFold()
        fold.batch.outputs.reserveCapacity(batchSize)
        try EventScan.forEach(orderedBy: "stream, version", in: db) { row in
            if !fold.isCurrent(row.stream) {
                fold.finishStream()
                fold.start(row.stream)
            }
            try fold.add(row)
            if fold.batch.outputs.count >= batchSize {
                try emit(fold.batch)
                fold.batch = RebuildBatch()
                fold.batch.outputs.reserveCapacity(batchSize)
            }
        }
        fold.finishStream()
        try emit(fold.batch)
    }

    private func isCurrent(_ bytes: UnsafeRawBufferPointer) -> Bool {
        hasStream && bytes.elementsEqual(streamBytes)
    }

    private mutating func start(_ bytes: UnsafeRawBufferPointer) {
        streamBytes = Array(bytes)
        hasStream = true
        stream = String(utf8: bytes)
        contactID = Contact.id(ofStream: stream)
        isAudit = AuditEvent.isAuditStream(stream)
        incident = nil
        contactEvents.removeAll(keepingCapacity: true)
        heldTimeline.removeAll()
    }

    private mutating func add(_ row: EventScan.Row) throws {
        batch.events += 1
        if isAudit { return }
        if contactID != nil {
            contactEvents.append(try row.decodedContactEvent())
            return
        }
        let recorded = try row.decodedIncidentEvent()
        Incident.evolve(&incident, recorded, id: stream)
        let summary = TimelineEntry.summary(of: recorded.event)
        // Matched rather than compared with nil: `incident != nil` copied the whole incident per event.
        guard case .some = incident else {
            heldTimeline.append((row.sequence, summary))
            return
        }
        for held in heldTimeline {
            batch.outputs.append(.timeline(incidentID: stream, sequence: held.sequence, summary: held.summary))
        }
        heldTimeline.removeAll()
        batch.outputs.append(.timeline(incidentID: stream, sequence: row.sequence, summary: summary))
    }

    /// Emits the finished stream's rows (nothing before the first stream).
    private mutating func finishStream() {
        guard hasStream else { return }
        if let contactID {
            batch.outputs.append(.contact(id: contactID, ContactEvent.fold(contactEvents)))
        } else if let incident {
            batch.outputs.append(.incident(IncidentProjection(incident)))
        }
        hasStream = false
    }
}
