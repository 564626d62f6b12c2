import BreachDomain
import Foundation

/// Everything the application may ask a store inside a snapshot: the log, the read models, the contact
/// registry and the reports' aggregates.
public protocol StoreReader: EventLogReader, IncidentReadModel, ContactReadModel, ReportQueries, MetricsQueries {}

/// Everything a unit of work may do: read as a `StoreReader`, then append, project, number and lease.
public protocol StoreTransaction: StoreReader, EventLogWriter, ProjectionWriter, IncidentNumbering, DeliveryLeases {}
