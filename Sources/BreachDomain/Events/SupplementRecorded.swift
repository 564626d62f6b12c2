import Foundation

/// The `obligation.supplement_recorded` payload: supplementary information sent on an obligation already
/// met (GDPR Art. 33(4), information in phases) with `notify --supplement R`. The notifications it
/// queues follow it; the obligation's `met_at` never moves.
public struct SupplementRecorded: Sendable, Equatable {
    public var obligationID: String
    /// The supplement's number on this obligation, from 1; part of its notifications' ids.
    public var number: Int
    public var reason: String

    public init(obligationID: String, number: Int, reason: String) {
        self.obligationID = obligationID
        self.number = number
        self.reason = reason
    }

    public static let type = "obligation.supplement_recorded"
    public static let schemaVersion = 1

    enum Key {
        static let obligationID = "obligation_id", number = "number", reason = "reason"
    }

    public var payload: JSONValue {
        .object([(Key.obligationID, .string(obligationID)), (Key.number, .int(Int64(number))), (Key.reason, .string(reason))])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: Self.type, payload: payload)
        self.init(obligationID: try reader.string(Key.obligationID), number: try reader.int(Key.number), reason: try reader.string(Key.reason))
    }
}
