import Foundation

/// The `incident.milestone_marked` payload: a milestone a playbook names (`ransom-paid`,
/// `classified-major`) recorded once with `breach mark`; obligations anchored on it get their due time.
public struct MilestoneMarked: Sendable, Equatable {
    public var milestone: String
    /// When it happened (`mark --at`), which may be before the command ran.
    public var at: Date

    public init(milestone: String, at: Date) {
        self.milestone = milestone
        self.at = at
    }

    public static let type = "incident.milestone_marked"
    public static let schemaVersion = 1

    enum Key {
        static let milestone = "milestone", at = "at"
    }

    public var payload: JSONValue {
        .object([(Key.milestone, .string(milestone)), (Key.at, .time(at))])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        let reader = PayloadReader(type: Self.type, payload: payload)
        self.init(milestone: try reader.string(Key.milestone), at: try reader.time(Key.at))
    }
}
