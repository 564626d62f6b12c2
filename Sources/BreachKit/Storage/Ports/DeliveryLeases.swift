import Foundation

/// Claims on notifications being attempted, so overlapping checkers never attempt one twice at once.
public protocol DeliveryLeases {
    /// Takes (or takes over) the leases of `notificationIDs` for `holder` until `expiresAt`, a batch at a time
    /// (on PostgreSQL a round trip per batch, not per notification).
    func lease(_ notificationIDs: [String], holder: String, pid: Int32, expiresAt: Date) throws
    /// Releases `holder`'s leases of `notificationIDs` and answers which of them `holder` held; another
    /// holder's lease is left alone. One statement per batch: a look-up and a delete per notification
    /// were two statements (on PostgreSQL two round trips) per outcome recorded.
    func releaseLeases(of notificationIDs: [String], holder: String) throws -> Set<String>
}

/// A lease on a notification: who holds it, with which process, until when.
public struct DeliveryLease: Sendable, Equatable {
    public let holder: String
    public let pid: Int32
    public let expiresAt: Date?

    public init(holder: String, pid: Int32, expiresAt: Date?) {
        self.holder = holder
        self.pid = pid
        self.expiresAt = expiresAt
    }
}
