import Foundation

/// The `regime.applied` payload: a further regime's obligations attached to a declared incident
/// (`declare --regime`, `apply`), each id namespaced as `<regime>/<obligation>`.
public struct RegimeApplied: Sendable, Equatable {
    /// The playbook id of the regime, e.g. `gdpr-personal-data`.
    public var regime: String
    /// Why it applies (`apply --reason`); nil when applied with the declaration.
    public var reason: String?
    public var obligations: [ObligationSnapshot]

    public init(regime: String, reason: String?, obligations: [ObligationSnapshot]) {
        self.regime = regime
        self.reason = reason
        self.obligations = obligations
    }

    public static let type = "regime.applied"
    /// The first version; a new type's first version is part of its contract.
    public static let schemaVersion = 1

    public enum Key {
        public static let regime = "regime", reason = "reason", obligations = "obligations"
    }

    /// The stored payload, keys in a fixed order.
    public var payload: JSONValue {
        .object([(Key.regime, .string(regime)), (Key.reason, .optional(reason)),
                 (Key.obligations, .array(obligations.map(\.payload)))])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: Self.type, payload: payload)
        var snapshots: [ObligationSnapshot] = []
        for snapshot in payload[Key.obligations]?.arrayValue ?? [] { snapshots.append(try ObligationSnapshot(payload: snapshot)) }
        self.init(regime: try reader.string(Key.regime), reason: try reader.optionalString(Key.reason), obligations: snapshots)
    }
}
