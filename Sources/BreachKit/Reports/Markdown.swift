/// Escaping of user text placed in Markdown, so titles and notes cannot change the document's structure
/// or inject HTML when it is rendered.
enum Markdown {
    /// Text inside a paragraph or list item: Markdown and HTML metacharacters escaped, line breaks kept.
    ///
    /// Block structure is escaped too: at the start of every line, whatever would open a block — a list
    /// marker (`-`, `+`, `1.`, `1)`), a setext underline or thematic break (`===`, `---`), a quote (`>`),
    /// indentation (a code block) — is escaped, so user text can never forge a heading, a rule or an item.
    static func inline(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        var atLineStart = true
        var pendingDigits = ""
        for character in text {
            if atLineStart {
                if character.isASCII, character.isNumber {
                    pendingDigits.append(character)
                    continue
                }
                if !pendingDigits.isEmpty {
                    output += pendingDigits
                    // "1." or "1)" would start an ordered list item.
                    if character == "." || character == ")" { output += "\\" + String(character); pendingDigits = ""; atLineStart = false; continue }
                    pendingDigits = ""
                    atLineStart = false
                } else {
                    switch character {
                    case "-", "+", "=", ">":
                        output += character == ">" ? "&gt;" : "\\" + String(character)
                        atLineStart = false
                        continue
                    case " ", "\t":
                        // Leading whitespace would indent into a code block: an entity keeps the space, not the indent.
                        output += "&#32;"
                        atLineStart = false
                        continue
                    default:
                        atLineStart = false
                    }
                }
            }
            switch character {
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~": output += "\\" + String(character)
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\r\n", "\n", "\r":
                output += "  \n"
                atLineStart = true
            default: output.append(character)
            }
        }
        return output + pendingDigits
    }

    /// Text inside a table cell: as `inline`, with line breaks as `<br>` so the row stays one line.
    static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "  \n", with: "<br>")
    }

    /// Multi-line text as a block quote (notes, summaries).
    static func quote(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "> " + inline(String($0)) }.joined(separator: "\n")
    }

    /// A table with a header row.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in " --- |" }.joined()]
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}
