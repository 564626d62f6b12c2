import Foundation

/// When an obligation applies, as a condition over incident facts (`applies_when:` in a playbook).
///
/// The language is small on purpose, so that a compliance officer can read every condition:
///
///     condition  := or
///     or         := and ( "or" and )*
///     and        := term ( "and" term )*
///     term       := "(" or ")" | fact [ op literal ]
///     op         := "==" | "!=" | ">" | ">=" | "<" | "<="
///     literal    := integer | true | false | "quoted text"
///
/// `residents.CA > 500`, `personal_data == true`, `ransom_paid` (a boolean fact on its own: true when set
/// to `true`), `(residents.NY > 0 or residents.CA > 0) and encrypted == false`. A comparison over a
/// fact that is not set is false, so an obligation keyed on a number starts to apply only once the
/// number is known. Types are checked against the playbook's fact declarations (`typeProblems`).
public indirect enum FactCondition: Sendable, Equatable, Hashable {
    case comparison(fact: String, op: Operator, literal: Literal)
    /// A boolean fact on its own: true when the fact is set to `true`.
    case truthy(fact: String)
    case and([FactCondition])
    case or([FactCondition])

    public enum Operator: String, Sendable, Equatable, Hashable, CaseIterable {
        case equal = "==", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="

        /// Whether it orders values (only numbers have an order).
        var orders: Bool { self != .equal && self != .notEqual }
    }

    public enum Literal: Sendable, Equatable, Hashable {
        case number(Int64)
        case boolean(Bool)
        case text(String)

        var type: FactType {
            switch self {
            case .number: .number
            case .boolean: .boolean
            case .text: .text
            }
        }

        var spelled: String {
            switch self {
            case .number(let value): String(value)
            case .boolean(let value): value ? "true" : "false"
            case .text(let value): "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
        }
    }

    /// Whether the condition holds for facts `value(key)` (nil: not set).
    public func holds(_ value: (String) -> String?) -> Bool {
        switch self {
        case let .truthy(fact):
            return value(fact) == "true"
        case let .and(terms):
            return terms.allSatisfy { $0.holds(value) }
        case let .or(terms):
            return terms.contains { $0.holds(value) }
        case let .comparison(fact, op, .boolean(expected)):
            // A yes/no fact not set yet counts as false, so `law_enforcement_delay != true` holds until it is set.
            let actual = value(fact) == "true"
            return op == .equal ? actual == expected : actual != expected
        case let .comparison(fact, op, literal):
            guard let raw = value(fact) else { return false }
            switch literal {
            case .number(let expected):
                guard let actual = FactType.number.parse(raw) else { return false }
                switch op {
                case .equal: return actual == expected
                case .notEqual: return actual != expected
                case .greater: return actual > expected
                case .greaterOrEqual: return actual >= expected
                case .less: return actual < expected
                case .lessOrEqual: return actual <= expected
                }
            case .boolean(let expected):
                let actual = raw == "true"
                return op == .equal ? actual == expected : actual != expected
            case .text(let expected):
                return op == .equal ? raw == expected : raw != expected
            }
        }
    }

    /// Every fact key the condition reads, in order of appearance, once each.
    public var facts: [String] {
        var seen: [String] = []
        func walk(_ condition: FactCondition) {
            switch condition {
            case let .comparison(fact, _, _), let .truthy(fact): if !seen.contains(fact) { seen.append(fact) }
            case let .and(terms), let .or(terms): terms.forEach(walk)
            }
        }
        walk(self)
        return seen
    }

    /// The canonical spelling, which `init(parsing:)` reads back to the same value.
    public var text: String {
        switch self {
        case let .comparison(fact, op, literal): "\(fact) \(op.rawValue) \(literal.spelled)"
        case let .truthy(fact): fact
        case let .and(terms): terms.map { $0.nestedText(inside: .and) }.joined(separator: " and ")
        case let .or(terms): terms.map { $0.nestedText(inside: .or) }.joined(separator: " or ")
        }
    }

    private enum Context { case and, or }

    private func nestedText(inside context: Context) -> String {
        if case .or = self, context == .and { return "(" + text + ")" }
        return text
    }

    /// Why the condition could never be true with facts of `types`, one sentence per problem (empty: none).
    ///
    /// An undeclared fact, a number compared with text or a boolean, an order (`>`) on anything but a
    /// number, and a fact named on its own that is not a boolean. The caller reports them; a condition that
    /// cannot hold would leave an obligation that never applies, which a reader would take for a duty.
    public func typeProblems(_ types: [String: FactType]) -> [String] {
        var problems: [String] = []
        func walk(_ condition: FactCondition) {
            switch condition {
            case let .and(terms), let .or(terms): terms.forEach(walk)
            case let .truthy(fact):
                guard let type = types[fact] else { problems.append(Self.undeclared(fact, types)); return }
                if type != .boolean {
                    problems.append("'\(fact)' is a \(type.rawValue) fact, so on its own it is never true; compare it, e.g. \(type == .number ? "\(fact) > 0" : "\(fact) == \"yes\"")")
                }
            case let .comparison(fact, op, literal):
                guard let type = types[fact] else { problems.append(Self.undeclared(fact, types)); return }
                if type != literal.type {
                    problems.append("'\(fact)' is a \(type.rawValue) fact and \(literal.spelled) is a \(literal.type.rawValue), so '\(condition.text)' can never be true")
                } else if op.orders, type != .number {
                    problems.append("'\(op.rawValue)' orders numbers, and '\(fact)' is a \(type.rawValue) fact; write == or !=")
                }
            }
        }
        walk(self)
        return problems
    }

    private static func undeclared(_ fact: String, _ types: [String: FactType]) -> String {
        let known = types.keys.sorted()
        return "the condition reads fact '\(fact)', which the playbook does not declare; " +
            (known.isEmpty ? "declare it under facts: with a type" : "declared facts: \(known.joined(separator: ", "))")
    }
}

/// The type of an incident fact, declared with the fact (`type: number`); `facts --set` checks values
/// against it and conditions are type-checked with it.
public enum FactType: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Free text (the default): the nature of the breach, a DPO's address.
    case text
    /// A whole number, e.g. residents of a state affected: `600`.
    case number
    /// `true` or `false`, e.g. whether a ransom was paid.
    case boolean

    /// The value as this type reads it: a number for `.number`, nil when the text is not one.
    public func parse(_ raw: String) -> Int64? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(trimmed)
    }

    /// Whether `raw` is a well-formed value of this type.
    public func accepts(_ raw: String) -> Bool {
        switch self {
        case .text: true
        case .number: parse(raw) != nil
        case .boolean: raw == "true" || raw == "false"
        }
    }

    /// What a value looks like, for error messages.
    public var example: String {
        switch self {
        case .text: "any text"
        case .number: "a whole number without sign or separators, e.g. 600"
        case .boolean: "true or false"
        }
    }
}
