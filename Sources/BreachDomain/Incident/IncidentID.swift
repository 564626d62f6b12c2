/// Incident ids: `INC-1`, `INC-2`, … in the order incidents were detected.
public enum IncidentID {
    /// The id of the incident with sequence number `number`.
    public static func make(_ number: Int) -> String { "INC-\(number)" }

    /// The number in an id, accepting `INC-7`, `inc-7` and a bare `7`; nil for anything else.
    public static func number(of text: String) -> Int? {
        var digits = Substring(text)
        if text.count > 4, text.prefix(4).uppercased() == "INC-" { digits = text.dropFirst(4) }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = Int(digits), number > 0
        else { return nil }
        return number
    }

    /// Normalises user input to the canonical `INC-n` spelling, or throws a usage error.
    public static func parse(_ text: String) throws(BreachError) -> String {
        guard let number = number(of: text) else {
            throw .invalidInput("'\(TextRules.printable(text))' is not an incident id; ids look like INC-12 (see `breach list`)")
        }
        return make(number)
    }
}
