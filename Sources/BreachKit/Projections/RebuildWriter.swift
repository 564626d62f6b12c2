import BreachDomain
import Foundation
import GRDB

/// The writing half of a rebuild: inserts a fold's rows into the emptied read models.
struct RebuildWriter {
    /// Timeline rows go 32 to an INSERT like the other tables' (`MultiRowInsert`, whose notes on
    /// `OR ROLLBACK` apply), but bound from their typed values: every event has one, and boxing each
    /// into `DatabaseValue`s would cost more than it saves.
    private var timeline: BoundStatement
    private var timelineRows: BoundStatement
    private var pendingTimeline: [(incidentID: String, sequence: Int64, summary: String)] = []
    /// One multi-row insert per table of `IncidentProjection.columns`, in that order.
    private var projectionTables: [MultiRowInsert]
    private(set) var events = 0
    private(set) var incidents = 0

    /// Prepares the statements on the connection that holds the rebuild's write transaction.
    init(in db: Database) throws {
        timeline = try BoundStatement(sql: Projector.timelineInsert, in: db)
        let placeholders = Array(repeating: "(?, ?, ?)", count: MultiRowInsert.rowsPerInsert).joined(separator: ", ")
        timelineRows = try BoundStatement(sql: "INSERT OR ROLLBACK INTO timeline (incident_id, sequence, summary) VALUES \(placeholders)", in: db)
        projectionTables = try IncidentProjection.columns.map { table, columns in try MultiRowInsert(table: table, columns: columns, in: db) }
        pendingTimeline.reserveCapacity(MultiRowInsert.rowsPerInsert)
    }

    /// Writes every output of `batch`, in order, rows possibly held until `finish()`.
    mutating func write(_ batch: RebuildBatch, in db: Database) throws {
        for output in batch.outputs {
            switch output {
            case let .timeline(incidentID, sequence, summary):
                pendingTimeline.append((incidentID, sequence, summary))
                if pendingTimeline.count == MultiRowInsert.rowsPerInsert {
                    for row in pendingTimeline {
                        timelineRows.bind(row.incidentID)
                        timelineRows.bind(row.sequence)
                        timelineRows.bind(row.summary)
                    }
                    try timelineRows.run()
                    pendingTimeline.removeAll(keepingCapacity: true)
                }
            case let .incident(rows):
                incidents += 1
                for (index, (table, _)) in IncidentProjection.columns.enumerated() {
                    for row in rows.tables[table] ?? [] { try projectionTables[index].insert(row) }
                }
            case let .contact(id, contact):
                try ContactProjection.write(id: id, contact: contact, in: db)
            }
        }
        events += batch.events
    }

    /// Writes the rows still held (fewer than a full multi-row INSERT), one by one.
    mutating func finish() throws {
        for index in projectionTables.indices { try projectionTables[index].finish() }
        for row in pendingTimeline {
            timeline.bind(row.incidentID)
            timeline.bind(row.sequence)
            timeline.bind(row.summary)
            try timeline.run()
        }
        pendingTimeline.removeAll()
    }
}
