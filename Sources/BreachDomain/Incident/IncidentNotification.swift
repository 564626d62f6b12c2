import Foundation

/// One message to one contact over one channel, tracked through the outbox.
public struct IncidentNotification: Sendable, Equatable {
    /// Where the notification is in its life.
    public enum Status: String, Sendable {
        case queued, retrying, delivered, failed
        /// Never to be attempted: its contact was removed (`notification.cancelled`).
        case cancelled
    }

    /// Deterministic id, also sent as the `Idempotency-Key`.
    public let id: String
    public let obligationID: String
    public let contactID: String
    public let channel: NotificationChannel
    public let queuedAt: Date
    /// The queued event: the rendered message and its destination.
    public let message: NotificationQueued
    public var status: Status = .queued
    public var attempts: Int = 0
    public var lastError: String?
    public var lastReceipt: String?
    public var deliveredAt: Date?
    public var failedAt: Date?
    public var cancelledAt: Date?
    /// When the next attempt may run (backoff); nil when it may run now or never again.
    public var nextAttemptAt: Date?

    public init(_ queued: NotificationQueued, queuedAt: Date) {
        self.id = queued.notificationID
        self.obligationID = queued.obligationID
        self.contactID = queued.contactID
        self.channel = queued.channel
        self.queuedAt = queuedAt
        self.message = queued
    }

    /// Still owed an attempt (queued or waiting to retry).
    public var isPending: Bool { status == .queued || status == .retrying }

    /// Still someone to reach: not delivered, and not cancelled (a failed one must be sent again).
    public var isOwed: Bool { status != .delivered && status != .cancelled }
}
