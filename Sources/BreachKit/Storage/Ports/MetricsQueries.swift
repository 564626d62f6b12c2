import BreachDomain
import Foundation

/// The counts Prometheus metrics are made of, read from the read models in one snapshot.
public protocol MetricsQueries {
    /// Open incidents by stage, obligations by status at `now`, the next deadline after `now`,
    /// notifications by channel and status, delivery attempts by outcome, and the log's length.
    func metricsSnapshot(now: Date) throws -> MetricsSnapshot
}
