import Foundation

/// How long after its anchor an obligation is due: a whole, positive number of hours, calendar days,
/// calendar months or business days.
///
/// The playbook grammar is `<amount>[ ]<unit>`: a whole number without sign, an optional space, and a unit
/// (case-insensitive), one of
///
/// | unit | spellings |
/// |---|---|
/// | hours | `h`, `hr`, `hrs`, `hour`, `hours` |
/// | calendar days | `d`, `day`, `days`, `calendar_day`, `calendar_days` |
/// | calendar months | `mo`, `month`, `months` |
/// | business days | `bd`, `business_day`, `business_days` |
///
/// In the two-word units `_`, `-` and a space are interchangeable (`4 business days`). The canonical
/// form, used when encoding, is the short one: `72h`, `60d`, `1mo`, `4bd`. See `DeadlineCalculator` for
/// what each unit means on the calendar.
public struct ObligationDuration: Sendable, Equatable, Hashable {
    /// The calendar unit of a duration.
    public enum Unit: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
        case hours
        case days
        case months
        case businessDays = "business_days"

        /// The canonical suffix, as in `72h`.
        public var symbol: String {
            switch self {
            case .hours: "h"
            case .days: "d"
            case .months: "mo"
            case .businessDays: "bd"
            }
        }

        /// The largest amount accepted: about ten years. Anything longer is a typo, not a regime.
        public var maximumAmount: Int {
            switch self {
            case .hours: 87_600
            case .days: 3_650
            case .months: 120
            case .businessDays: 2_600
            }
        }

        /// The shortest time, in seconds, that one unit can span; used to reject escalation
        /// thresholds that would fire the moment the obligation is created.
        var minimumSeconds: Int {
            switch self {
            case .hours: 3_600
            case .days, .businessDays: 86_400
            case .months: 28 * 86_400
            }
        }
    }

    /// Why a duration was refused, with the fix in `message`.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public var amount: Int
    public var unit: Unit

    /// Creates a duration; callers are trusted to respect `1...unit.maximumAmount` (the parser checks it).
    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public static func hours(_ amount: Int) -> Self { .init(amount: amount, unit: .hours) }
    public static func days(_ amount: Int) -> Self { .init(amount: amount, unit: .days) }
    public static func months(_ amount: Int) -> Self { .init(amount: amount, unit: .months) }
    public static func businessDays(_ amount: Int) -> Self { .init(amount: amount, unit: .businessDays) }

    /// The canonical spelling, e.g. `72h`.
    public var text: String { "\(amount)\(unit.symbol)" }

    /// The duration in words, e.g. `72 hours`, `60 calendar days`, `4 business days`.
    public var spelledOut: String {
        let one = amount == 1
        switch unit {
        case .hours: return "\(amount) \(one ? "hour" : "hours")"
        case .days: return "\(amount) calendar \(one ? "day" : "days")"
        case .months: return "\(amount) \(one ? "month" : "months")"
        case .businessDays: return "\(amount) business \(one ? "day" : "days")"
        }
    }

    /// The shortest span this duration can cover on the calendar, in seconds (months count as 28 days).
    public var minimumSeconds: Int { amount * unit.minimumSeconds }

    /// The grammar in words, for error messages.
    public static let grammar = "a whole number and a unit: h (hours), d (calendar days), mo (months) or bd (business days), e.g. 72h, 60d, 1mo, 4bd"

    /// Parses the playbook spelling, refusing (with a message that says the fix) negative, zero,
    /// fractional, unit-less, unknown-unit and absurdly large durations.
    public init(parsing raw: String) throws(ParseError) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ParseError(message: "the duration is empty; write \(Self.grammar)") }
        if text.hasPrefix("-") {
            throw ParseError(message: "'\(text)' is negative; deadlines count forward from the anchor, write a positive amount such as \(String(text.dropFirst()))")
        }
        if text.hasPrefix("+") {
            throw ParseError(message: "'\(text)' has a sign; write the amount without '+', e.g. \(String(text.dropFirst()))")
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        var rest = text.dropFirst(digits.count)
        guard !digits.isEmpty else {
            throw ParseError(message: "'\(text)' is not a duration; write \(Self.grammar)")
        }
        if rest.first == "." || rest.first == "," {
            throw ParseError(message: "'\(text)' is fractional; use whole numbers of a smaller unit, e.g. 36h rather than 1.5d")
        }
        while rest.first == " " { rest = rest.dropFirst() }
        guard !rest.isEmpty else {
            throw ParseError(message: "'\(text)' has no unit; write e.g. \(digits)h (hours), \(digits)d (calendar days) or \(digits)bd (business days)")
        }
        guard let unit = Self.unit(named: String(rest)) else {
            throw ParseError(message: "'\(rest)' in '\(text)' is not a unit; write \(Self.grammar)")
        }
        guard digits.count <= 9, let amount = Int(digits) else {
            throw ParseError(message: "'\(text)' is too long; the limit is \(unit.maximumAmount)\(unit.symbol) (about ten years)")
        }
        guard amount > 0 else {
            throw ParseError(message: "'\(text)' is zero; an obligation needs time to be met, write at least 1\(unit.symbol)")
        }
        guard amount <= unit.maximumAmount else {
            throw ParseError(message: "'\(text)' is too long; the limit is \(unit.maximumAmount)\(unit.symbol) (about ten years)")
        }
        self.init(amount: amount, unit: unit)
    }

    private static func unit(named name: String) -> Unit? {
        let folded = String(name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
        switch folded {
        case "h", "hr", "hrs", "hour", "hours": return .hours
        case "d", "day", "days", "calendar_day", "calendar_days": return .days
        case "mo", "month", "months": return .months
        case "bd", "business_day", "business_days": return .businessDays
        default: return nil
        }
    }
}

extension ObligationDuration: CustomStringConvertible {
    public var description: String { text }
}

extension ObligationDuration: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
