import Foundation

/// The `obligation.withdrawn` payload: a conditional obligation (`applies_when:`) that stopped applying
/// because a fact changed. It stays on the incident, shown as withdrawn with this reason; it is never
/// deleted, and no longer blocks `close` or counts as due.
public struct ObligationWithdrawn: Sendable, Equatable {
    public var obligationID: String
    /// The fact change, e.g. `residents.CA changed from 600 to 400: residents.CA > 500 no longer holds`.
    public var reason: String

    public init(obligationID: String, reason: String) {
        self.obligationID = obligationID
        self.reason = reason
    }

    public static let type = "obligation.withdrawn"
    /// How the read models (which have no column of their own for it) show a withdrawal: in the waiver
    /// columns, the reason starting with this, so reports count it as no longer owed and say why.
    public static let reasonPrefix = "withdrawn: "
    /// The `waived_by` a withdrawal shows in the read models: the fact change decided it, not a person.
    public static let actor = "(condition)"
    /// The first version; a new type's first version is part of its contract.
    public static let schemaVersion = 1

    public enum Key {
        public static let obligationID = "obligation_id", reason = "reason"
    }

    public var payload: JSONValue {
        .object([(Key.obligationID, .string(obligationID)), (Key.reason, .string(reason))])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: Self.type, payload: payload)
        self.init(obligationID: try reader.string(Key.obligationID), reason: try reader.string(Key.reason))
    }
}
