import Foundation

/// The spelling of escalation thresholds: how long before the due time a warning goes out.
///
/// Thresholds are fixed spans, so only fixed-length units are accepted: `<n>h` (hours), `<n>min`
/// (minutes) and `<n>d` (exactly 24 hours each). Months and business days have no fixed length and
/// are refused. Values are stored as seconds.
public enum EscalationThreshold {
    /// The grammar in words, for error messages.
    public static let grammar = "a whole number of hours, minutes or days before the due time, e.g. 48h, 30min, 2d"

    /// Parses `48h`, `30min` or `2d` into seconds; refuses zero, negative, fractional and unknown units.
    public static func seconds(parsing raw: String) throws(ObligationDuration.ParseError) -> Int {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("-") {
            throw .init(message: "threshold '\(text)' is negative; thresholds count back from the due time, write e.g. \(String(text.dropFirst()))")
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        var rest = text.dropFirst(digits.count)
        if rest.first == "." || rest.first == "," {
            throw .init(message: "threshold '\(text)' is fractional; use a smaller unit, e.g. 90min rather than 1.5h")
        }
        while rest.first == " " { rest = rest.dropFirst() }
        guard !digits.isEmpty, !rest.isEmpty else {
            throw .init(message: "'\(text)' is not a threshold; write \(grammar)")
        }
        let unitSeconds: Int
        switch rest.lowercased() {
        case "h", "hr", "hrs", "hour", "hours": unitSeconds = 3_600
        case "min", "mins", "minute", "minutes": unitSeconds = 60
        case "d", "day", "days": unitSeconds = 86_400
        case "mo", "month", "months", "bd", "business_day", "business_days", "business days":
            throw .init(message: "threshold '\(text)' uses a unit without a fixed length; write it in hours, e.g. 24h")
        default:
            throw .init(message: "'\(rest)' in threshold '\(text)' is not a unit; write \(grammar)")
        }
        // Ten years in minutes still fits in nine digits; anything longer is a typo.
        guard digits.count <= 9, let amount = Int(digits), amount <= 87_600 * 60 / (unitSeconds / 60) else {
            throw .init(message: "threshold '\(text)' is longer than ten years")
        }
        guard amount > 0 else {
            throw .init(message: "threshold '\(text)' is zero; a warning at the due time is the missed-deadline alert itself, write e.g. 1h")
        }
        return amount * unitSeconds
    }

    /// The shortest spelling of a threshold, e.g. `48h` or `90min`.
    public static func text(seconds: Int) -> String {
        seconds % 3_600 == 0 ? "\(seconds / 3_600)h" : "\(seconds / 60)min"
    }
}
