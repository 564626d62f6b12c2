/// Text that came from outside — a receiver's HTTP status line or `Location` header, an SMTP reply,
/// libcurl's error text — made safe to store as evidence and print later.
///
/// A receiver chooses these bytes, and `notify`, `check`, `show`, `timeline`, the CSV reports and the
/// Markdown export all print them; an escape sequence kept verbatim would reach the operator's terminal.
/// So before anything is stored it is rewritten into a printable form — every control character (C0,
/// DEL, C1), line and paragraph separator and bidirectional override shown as a visible `\u{…}` escape —
/// and bounded in length. Printable text, including non-ASCII, is kept as sent.
public enum ExternalText {
    /// The longest stored form, in characters (after escaping).
    public static let maxLength = 500

    /// The printable, bounded form of `text`.
    public static func sanitized(_ text: String, maxLength: Int = maxLength) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            let piece = needsEscape(scalar) ? "\\u{" + String(scalar.value, radix: 16) + "}" : String(scalar)
            if count + piece.count > maxLength {
                return result + "…"
            }
            result += piece
            count += piece.count
        }
        return result
    }

    /// True when `text` would be changed by `sanitized` other than by shortening.
    public static func hasUnprintable(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: needsEscape)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
            || value == 0x2028 || value == 0x2029                     // line and paragraph separators
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) // bidi embeddings, overrides, isolates
            || value == 0x200E || value == 0x200F || value == 0x061C   // direction marks
    }
}
