import Foundation

/// Claims on notifications being attempted, so overlapping checkers never attempt one twice at once.
public protocol DeliveryLeases {
    /// Takes (or takes over) the lease of `notificationID` for `holder` until `expiresAt`.
    func lease(_ notificationID: String, holder: String, pid: Int32, expiresAt: Date) throws
    /// Who holds the lease of `notificationID` now, or nil.
    func leaseHolder(of notificationID: String) throws -> String?
    /// Releases `holder`'s lease of `notificationID`; another holder's lease is left alone.
    func releaseLease(of notificationID: String, holder: String) throws
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
