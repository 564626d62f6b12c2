/// Reads RFC 4180 rows (comma-separated, `"`-quoted fields, `""` for a quote inside one, rows ending in
/// LF, CRLF or CR) straight from UTF-8 bytes.
///
/// `contact import` reads 100,000 rows; the general CSV library it used decoded the text scalar by scalar
/// and grew every field one scalar at a time, a large share of an import. Here a field is a run of bytes
/// found by a byte scan and made into a `String` in one step. Unlike that library, text after a closing
/// quote and a quote never closed are errors, not silently kept.
struct CSVRowReader {
    /// A syntax error: what is wrong, for the message naming the row.
    struct SyntaxError: Error {
        let reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    /// Reused for quoted fields that contain `""`.
    private var unescaped: [UInt8] = []

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// Reads `bytes`, which must stay valid while rows are read; a leading byte-order mark is skipped.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The next row's fields, or nil at the end. An empty line is a row of one empty field.
    mutating func next() throws(SyntaxError) -> [String]? {
        guard position < bytes.count else { return nil }
        var row: [String] = []
        row.reserveCapacity(9)
        while true {
            let (field, endOfRow) = try readField()
            row.append(field)
            if endOfRow { return row }
        }
    }

    /// One field and whether it ended its row (at a line break or the end of the input).
    private mutating func readField() throws(SyntaxError) -> (String, Bool) {
        if position < bytes.count && bytes[position] == Self.quote { return try readQuotedField() }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.comma {
                defer { position += 1 }
                return (text(start..<position), false)
            }
            if byte == Self.lf || byte == Self.cr {
                let field = text(start..<position)
                skipLineBreak()
                return (field, true)
            }
            position += 1
        }
        return (text(start..<position), true)
    }

    private mutating func readQuotedField() throws(SyntaxError) -> (String, Bool) {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            if bytes[position] != Self.quote {
                position += 1
                continue
            }
            if position + 1 < bytes.count && bytes[position + 1] == Self.quote {
                escaped = true
                position += 2
                continue
            }
            let field = escaped ? unescape(start..<position) : text(start..<position)
            position += 1
            guard position < bytes.count else { return (field, true) }
            switch bytes[position] {
            case Self.comma:
                position += 1
                return (field, false)
            case Self.lf, Self.cr:
                skipLineBreak()
                return (field, true)
            default:
                throw SyntaxError(reason: "text after a closing quote (write a quote inside a quoted field as \"\")")
            }
        }
        throw SyntaxError(reason: "a quoted field is never closed")
    }

    private mutating func skipLineBreak() {
        if bytes[position] == Self.cr && position + 1 < bytes.count && bytes[position + 1] == Self.lf { position += 1 }
        position += 1
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private mutating func unescape(_ range: Range<Int>) -> String {
        unescaped.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            unescaped.append(bytes[index])
            index += bytes[index] == Self.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}
