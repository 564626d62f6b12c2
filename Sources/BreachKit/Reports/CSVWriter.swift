/// One cell of a CSV report.
///
/// `text` cells carry user-supplied or free text and are neutralised against spreadsheet formula
/// injection; `value` cells carry what breach itself computed (numbers, times, fixed words) and are
/// written verbatim, so a negative number stays `-1.50`.
public enum CSVCell: Sendable, Equatable {
    case text(String?)
    case value(String?)

    /// An empty cell.
    public static let empty = CSVCell.value(nil)
}

/// Writes RFC 4180 CSV: UTF-8, CRLF line ends, cells quoted when they contain a comma, a double
/// quote, CR or LF (quotes doubled inside).
///
/// Any text cell beginning with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so that
/// spreadsheets show it as text and never evaluate it.
public final class CSVWriter {
    private let output: any ReportOutput
    /// The first characters that make a spreadsheet treat a cell as a formula.
    public static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    public init(output: any ReportOutput) {
        self.output = output
    }

    /// Writes a header row of plain names.
    public func writeHeader(_ names: [String]) throws {
        try writeRow(names.map { .value($0) })
    }

    /// Writes one record followed by CRLF.
    public func writeRow(_ cells: [CSVCell]) throws {
        // One string grown in place (a report writes 100 k rows and more): no string per cell.
        var line = ""
        line.reserveCapacity(256)
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(",") }
            switch cell {
            case let .text(text): Self.appendQuoted(Self.neutralise(text ?? ""), to: &line)
            case let .value(text): Self.appendQuoted(text ?? "", to: &line)
            }
        }
        line.append("\r\n")
        try output.write(line)
    }

    /// Appends `text` to `line`, quoted when RFC 4180 requires it.
    private static func appendQuoted(_ text: String, to line: inout String) {
        guard needsQuotes(text) else { line.append(text); return }
        line.append("\"")
        line.append(text.replacingOccurrences(of: "\"", with: "\"\""))
        line.append("\"")
    }

    /// Whether a field holds a comma, a double quote, CR or LF (a scan of its UTF-8 bytes).
    private static func needsQuotes(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 13 || byte == 10 { return true }
            return false
        }
    }

    /// The cell as it appears in the file: neutralised (text cells), then quoted if needed.
    public static func encode(_ cell: CSVCell) -> String {
        switch cell {
        case let .text(text): return quote(neutralise(text ?? ""))
        case let .value(text): return quote(text ?? "")
        }
    }

    /// Prefixes `'` to text a spreadsheet would read as a formula.
    public static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaTriggers.contains(first) else { return text }
        return "'" + text
    }

    /// Quotes a field when RFC 4180 requires it.
    public static func quote(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
