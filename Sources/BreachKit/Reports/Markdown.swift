/// Escaping of user text placed in Markdown, so titles and notes cannot change the document's structure
/// or inject HTML when it is rendered.
enum Markdown {
    /// Text inside a paragraph or list item: Markdown and HTML metacharacters escaped, line breaks kept.
    static func inline(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~": output += "\\" + String(character)
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\r\n", "\n", "\r": output += "  \n"
            default: output.append(character)
            }
        }
        return output
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
