import BreachDomain
import Foundation

/// What the database says at one moment, for metrics: counts by stage and status, the next deadline,
/// and the delivery counters. Plain values, so rendering needs no database.
public struct MetricsSnapshot: Sendable, Equatable {
    /// Open (not closed) incidents per stage; every open stage is present, zero or not.
    public var openIncidentsByStage: [Stage: Int] = [:]
    /// Obligations per status at the effective time (`pending`, `met`, `waived`, `missed`).
    public var obligationsByStatus: [Obligation.Status: Int] = [:]
    /// Obligations past due and neither met nor waived.
    public var overdueObligations = 0
    /// The earliest due time still ahead of the effective time among outstanding obligations, if any.
    public var nextDeadline: Date?
    /// Notifications per (channel, status).
    public var notifications: [NotificationKey: Int] = [:]
    /// Delivery attempts ever recorded, per (channel, outcome): `delivered`, `retry`, `failed`.
    public var deliveryAttempts: [DeliveryKey: Int] = [:]
    /// Events in the log (the head's sequence number).
    public var events = 0

    public init() {}

    public struct NotificationKey: Hashable, Sendable {
        public var channel: String
        public var status: String
        public init(channel: String, status: String) { self.channel = channel; self.status = status }
    }

    public struct DeliveryKey: Hashable, Sendable {
        public var channel: String
        public var outcome: String
        public init(channel: String, outcome: String) { self.channel = channel; self.outcome = outcome }
    }
}
