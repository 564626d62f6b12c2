import Foundation

/// The `incident.facts_set` payload: incident facts set with `breach facts --set KEY=VALUE` (GDPR
/// Art. 33(3): nature of the breach, data categories, numbers, DPO contact, consequences, measures).
/// A later value for the same key replaces the earlier one.
public struct FactsSet: Sendable, Equatable {
    /// Key and value pairs, in the order given.
    public var facts: [Fact]

    public struct Fact: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(facts: [Fact]) { self.facts = facts }

    public static let type = "incident.facts_set"
    public static let schemaVersion = 1

    public var payload: JSONValue {
        .object([("facts", .array(facts.map { .object([("key", .string($0.key)), ("value", .string($0.value))]) }))])
    }

    public init(payload: JSONValue) throws(EventDecodingError) {
        var facts: [Fact] = []
        for item in payload["facts"]?.arrayValue ?? [] {
            guard let key = item["key"]?.stringValue, let value = item["value"]?.stringValue else {
                throw EventDecodingError(type: Self.type, reason: "field 'facts' is malformed")
            }
            facts.append(Fact(key: key, value: value))
        }
        self.init(facts: facts)
    }
}
