import BreachDomain
import Foundation
import GRDB

/// The writing half of a rebuild: inserts a fold's rows into the emptied read models.
struct RebuildWriter {
    /// Timeline rows per multi-row INSERT: SQLite's per-statement work (start, halt, reset) is paid once
    /// for all of them, and every event has a timeline row.
    static let timelineRowsPerInsert = 32

    private var timeline: BoundStatement
    private var timelineRows: BoundStatement
    private var pendingTimeline: [(incidentID: String, sequence: Int64, summary: String)] = []
    private var projection: IncidentProjection.Writer
    private(set) var events = 0
    private(set) var incidents = 0

    /// Prepares the statements on the connection that holds the rebuild's write transaction.
    init(in db: Database) throws {
        timeline = try BoundStatement(sql: Projector.timelineInsert, in: db)
        let placeholders = Array(repeating: "(?, ?, ?)", count: Self.timelineRowsPerInsert).joined(separator: ", ")
        timelineRows = try BoundStatement(sql: "INSERT INTO timeline (incident_id, sequence, summary) VALUES \(placeholders)", in: db)
        projection = try IncidentProjection.Writer(in: db)
        pendingTimeline.reserveCapacity(Self.timelineRowsPerInsert)
    }

    /// Writes every output of `batch`, in order, timeline rows possibly held until `finish()`.
    mutating func write(_ batch: RebuildBatch, in db: Database) throws {
        for output in batch.outputs {
            switch output {
            case let .timeline(incidentID, sequence, summary):
                pendingTimeline.append((incidentID, sequence, summary))
                if pendingTimeline.count == Self.timelineRowsPerInsert {
                    for row in pendingTimeline {
                        timelineRows.bind(row.incidentID)
                        timelineRows.bind(row.sequence)
                        timelineRows.bind(row.summary)
                    }
                    try timelineRows.run()
                    pendingTimeline.removeAll(keepingCapacity: true)
                }
            case let .incident(id, rows):
                incidents += 1
                try projection.write(rows, incidentID: id, replacing: false)
            case let .contact(id, contact):
                try ContactProjection.write(id: id, contact: contact, in: db)
            }
        }
        events += batch.events
    }

    /// Writes the timeline rows still held (fewer than a full multi-row INSERT), one by one.
    mutating func finish() throws {
        for row in pendingTimeline {
            timeline.bind(row.incidentID)
            timeline.bind(row.sequence)
            timeline.bind(row.summary)
            try timeline.run()
        }
        pendingTimeline.removeAll()
    }
}
