import Foundation

/// The `obligation.now_applies` payload: a conditional obligation (`applies_when:`) whose condition came
/// to hold after a fact changed (`facts --set`). It is created then, with its due time counted from its
/// anchor as the rule says, which may already be past: lateness is then shown, never hidden. A withdrawn
/// obligation whose condition holds again is reinstated by the same event and keeps its due time.
public struct ObligationNowApplies: Sendable, Equatable {
    public var obligationID: String
    /// The due time from the obligation's anchor, when its anchor is recorded.
    public var dueAt: Date?
    /// The fact change that made the condition hold, e.g. `residents.CA set to 600: residents.CA > 500 holds`.
    public var reason: String

    public init(obligationID: String, dueAt: Date?, reason: String) {
        self.obligationID = obligationID
        self.dueAt = dueAt
        self.reason = reason
    }

    public static let type = "obligation.now_applies"
    /// The first version; a new type's first version is part of its contract.
    public static let schemaVersion = 1

    public enum Key {
        public static let obligationID = "obligation_id", dueAt = "due_at", reason = "reason"
    }

    public var payload: JSONValue {
        .object([(Key.obligationID, .string(obligationID)), (Key.dueAt, .time(dueAt)), (Key.reason, .string(reason))])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: Self.type, payload: payload)
        self.init(obligationID: try reader.string(Key.obligationID), dueAt: try reader.optionalTime(Key.dueAt),
                  reason: try reader.string(Key.reason))
    }
}
