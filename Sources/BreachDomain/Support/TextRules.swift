/// Limits and checks on free text that users type into events.
public enum TextRules {
    /// The longest title accepted, in characters.
    public static let maxTitleLength = 200
    /// The longest note, summary, reason or resolution accepted, in UTF-8 bytes.
    public static let maxTextBytes = 64 * 1024
    /// The longest actor, assignee or id accepted, in characters.
    public static let maxNameLength = 100

    /// Checks a one-line field (title, actor, assignee): not empty, no control characters, bounded.
    public static func line(_ text: String, field: String, maxLength: Int) throws(BreachError) -> String {
        if isPlainLine(text, maxLength: maxLength) { return text }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidInput("\(field) must not be empty") }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw .invalidInput("\(field) must be one line without control characters")
        }
        guard trimmed.count <= maxLength else {
            throw .invalidInput("\(field) is \(trimmed.count) characters long; the limit is \(maxLength)")
        }
        return trimmed
    }

    /// Whether `text` passes `line` unchanged, decided on its bytes: printable ASCII without surrounding
    /// spaces, within the limit (one byte per character). Names, titles and actors nearly always are, and
    /// the checks on characters cost more than the rest of a contact's import.
    static func isPlainLine(_ text: String, maxLength: Int) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20, bytes.count <= maxLength else { return false }
        return UTF8Scan.isPrintableASCII(text)
    }

    /// Checks free text (note, summary, reason): not empty, no control characters but newline and tab, bounded.
    public static func text(_ text: String, field: String) throws(BreachError) -> String {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidInput("\(field) must not be empty") }
        guard !trimmed.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else {
            throw .invalidInput("\(field) contains control characters; remove them")
        }
        let bytes = trimmed.utf8.count
        guard bytes <= maxTextBytes else {
            throw .invalidInput("\(field) is \(bytes) bytes; the limit is \(maxTextBytes) bytes (put long material in a file and note its location)")
        }
        return trimmed
    }

    /// Text safe to echo inside an error message: control characters shown as `?`, bounded.
    public static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
        return cleaned.count > 60 ? String(cleaned.prefix(57)) + "..." : cleaned
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
