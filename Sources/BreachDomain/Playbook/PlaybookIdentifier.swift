/// The spelling rules for every id in a playbook: the playbook's own, checklist items' and obligations'.
///
/// Ids end up in CLI arguments, file names, JSON and event payloads, so they are kept to characters that
/// never need quoting anywhere: lowercase ASCII letters, digits and `-`, starting with a letter or digit.
public enum PlaybookIdentifier {
    /// The longest id accepted; long enough for a description, short enough for a terminal column.
    public static let maximumLength = 64

    /// Whether `text` is a well-formed id.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= maximumLength else { return false }
        guard isLetterOrDigit(first) else { return false }
        return text.utf8.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// The rule in words, for error messages.
    public static let rule = "lowercase letters a-z, digits and '-', starting with a letter or digit, at most 64 characters"

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
