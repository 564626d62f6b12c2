import BreachDomain
import Foundation
import GRDB

/// The writing half of a rebuild: inserts a fold's rows into the emptied read models.
struct RebuildWriter {
    private var timeline: BoundStatement
    private var projection: IncidentProjection.Writer
    private(set) var events = 0
    private(set) var incidents = 0

    /// Prepares the statements on the connection that holds the rebuild's write transaction.
    init(in db: Database) throws {
        timeline = try BoundStatement(sql: Projector.timelineInsert, in: db)
        projection = try IncidentProjection.Writer(in: db)
    }

    /// Writes every output of `batch`, in order.
    mutating func write(_ batch: RebuildBatch, in db: Database) throws {
        for output in batch.outputs {
            switch output {
            case let .timeline(incidentID, sequence, summary):
                timeline.bind(incidentID)
                timeline.bind(sequence)
                timeline.bind(summary)
                try timeline.run()
            case let .incident(id, rows):
                incidents += 1
                try projection.write(rows, incidentID: id, replacing: false)
            case let .contact(id, contact):
                try ContactProjection.write(id: id, contact: contact, in: db)
            }
        }
        events += batch.events
    }
}
