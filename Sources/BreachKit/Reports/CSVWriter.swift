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
        // Built as bytes in one reused buffer (a report writes 100 k rows and more): no string per cell,
        // one per row. The buffer is moved into a local while it is filled (no exclusivity check per byte).
        var line = self.line
        self.line = []
        line.removeAll(keepingCapacity: true)
        defer { self.line = line }
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            Self.append(cell, to: &line)
        }
        line.append(13)
        line.append(10)
        try output.write(String(decoding: line, as: UTF8.self))
    }

    private var line: [UInt8] = []

    /// Appends the cell as it appears in the file: neutralised (text cells), then quoted if needed.
    private static func append(_ cell: CSVCell, to line: inout [UInt8]) {
        switch cell {
        case let .text(text): append(neutralise(text ?? ""), to: &line)
        case let .value(text): append(text ?? "", to: &line)
        }
    }

    /// Appends a field's UTF-8 bytes, quoted (inner quotes doubled) when RFC 4180 requires it.
    private static func append(_ text: String, to line: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard needsQuotes(bytes) else { line.append(contentsOf: bytes); return }
            line.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { line.append(byte) }
                line.append(byte)
            }
            line.append(UInt8(ascii: "\""))
        }
    }

    /// Whether a field holds a comma, a double quote, CR or LF.
    private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 13 || byte == 10 { return true }
        return false
    }

    /// The cell as it appears in the file: neutralised (text cells), then quoted if needed.
    public static func encode(_ cell: CSVCell) -> String {
        var field: [UInt8] = []
        append(cell, to: &field)
        return String(decoding: field, as: UTF8.self)
    }

    /// Prefixes `'` to text a spreadsheet would read as a formula.
    public static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaTriggers.contains(first) else { return text }
        return "'" + text
    }

}
