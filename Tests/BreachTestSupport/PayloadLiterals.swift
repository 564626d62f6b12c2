import BreachDomain
import Foundation

/// Tests write notification payloads as JSON, the way they are stored; these decode them through the
/// event types, so a test payload is checked exactly like a stored one.
extension NotificationQueued {
    public static func object(_ fields: [(String, JSONValue)]) -> NotificationQueued {
        do { return try NotificationQueued(payload: .object(fields)) } catch { fatalError("test payload: \(error)") }
    }
}

extension DeliveryAttempt {
    public static func object(_ fields: [(String, JSONValue)]) -> DeliveryAttempt {
        do { return try DeliveryAttempt(type: "notification.attempted", payload: .object(fields)) } catch { fatalError("test payload: \(error)") }
    }
}

extension JSONValue {
    /// This payload decoded as a `notification.queued` event's.
    public var queued: NotificationQueued {
        do { return try NotificationQueued(payload: self) } catch { fatalError("test payload: \(error)") }
    }

    /// This payload decoded as a delivery outcome's.
    public var attempt: DeliveryAttempt {
        do { return try DeliveryAttempt(type: "notification.attempted", payload: self) } catch { fatalError("test payload: \(error)") }
    }
}
