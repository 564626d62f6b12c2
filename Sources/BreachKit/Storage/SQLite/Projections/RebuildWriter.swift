import BreachDomain
import Foundation
import GRDB

/// The writing half of a rebuild: inserts a fold's rows into the emptied read models.
struct RebuildWriter {
    /// Timeline rows are bound from their typed values: every event has one, and boxing each field into
    /// a `DatabaseValue` would cost more than batching saves.
    private var timeline: MultiRowInsert<(incidentID: String, sequence: Int64, summary: String)>
    /// One multi-row insert per table of `IncidentProjection.columns`, in that order.
    private var projectionTables: [MultiRowInsert<[DatabaseValue]>]
    private var contacts: ContactProjection.Writer
    private(set) var events = 0
    private(set) var incidents = 0

    /// Prepares the statements on the connection that holds the rebuild's write transaction.
    init(in db: Database) throws {
        timeline = try MultiRowInsert(table: "timeline", columns: ["incident_id", "sequence", "summary"], in: db) { row, statement in
            statement.bind(row.incidentID)
            statement.bind(row.sequence)
            statement.bind(row.summary)
        }
        projectionTables = try IncidentProjection.columns.map { table, columns in try MultiRowInsert(table: table, columns: columns, in: db) }
        contacts = try ContactProjection.Writer(in: db)
    }

    /// Writes every output of `batch`, in order, rows possibly held until `finish()`.
    mutating func write(_ batch: RebuildBatch, in db: Database) throws {
        for output in batch.outputs {
            switch output {
            case let .timeline(incidentID, sequence, summary):
                try timeline.insert((incidentID, sequence, summary))
            case let .incident(rows):
                incidents += 1
                for (index, (table, _)) in IncidentProjection.columns.enumerated() {
                    for row in rows.tables[table] ?? [] { try projectionTables[index].insert(row) }
                }
            case let .contact(id, contact):
                try contacts.write(id: id, contact: contact)
            }
        }
        events += batch.events
    }

    /// Writes the rows still held (fewer than a full multi-row INSERT), one by one.
    mutating func finish() throws {
        try timeline.finish()
        for index in projectionTables.indices { try projectionTables[index].finish() }
    }
}
