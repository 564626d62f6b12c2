import Foundation

/// A JSON document as a value: the one representation for event payloads and `--json` output.
///
/// Objects keep their key order, so output reads in the order the SPEC lists fields, and
/// serialisation is deterministic — the event hash chain depends on that.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value for `key` in an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first(where: { $0.0 == key })?.1
    }

    public var stringValue: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case let .int(value): return Int(value)
        case let .double(value) where value == value.rounded(): return Int(value)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(items) = self { return items }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// `.string(text)` or `.null` for an optional.
    public static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// An RFC 3339 UTC string, or `.null`.
    public static func time(_ date: Date?) -> JSONValue {
        date.map { .string(RFC3339.format($0)) } ?? .null
    }

    /// Returns a copy of an object with `key` set (replacing an existing value in place).
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case var .object(pairs) = self else { return self }
        if let index = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[index].1 = value
        } else {
            pairs.append((key, value))
        }
        return .object(pairs)
    }

    /// Returns a copy of an object without `key`.
    public func removing(_ key: String) -> JSONValue {
        guard case let .object(pairs) = self else { return self }
        return .object(pairs.filter { $0.0 != key })
    }
}

// MARK: - Serialising

extension JSONValue {
    /// Compact JSON text (no insignificant white space), keys in stored order.
    public func serialized() -> String {
        var output = ByteBuffer()
        serialize(into: &output)
        return output.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the compact JSON text (the bytes of `serialized()`) to `output` as UTF-8.
    ///
    /// For a bulk append, which hashes and binds every payload's bytes from one reused buffer: a `String`
    /// per event was an allocation and a copy more.
    package func serialize(into output: inout ByteBuffer) {
        write(to: &output, indent: nil, level: 0)
    }

    /// Human-readable JSON text, two-space indentation.
    public func prettySerialized() -> String {
        var output = ByteBuffer()
        write(to: &output, indent: "  ", level: 0)
        return output.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    // Written as UTF-8 bytes: appending to a String scalar by scalar was most of the cost of an append.
    private func write(to output: inout ByteBuffer, indent: String?, level: Int) {
        switch self {
        case .null: output.append("null" as StaticString)
        case let .bool(value): output.append(value ? "true" : "false" as StaticString)
        case let .int(value): output.append(atMost: 20) { $0.writeDecimal(value) }
        case let .double(value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                output.append(atMost: 20) { $0.writeDecimal(Int64(value)) }
            } else if value.isFinite {
                output.append(String(value))
            } else {
                output.append("null" as StaticString)
            }
        case let .string(text): JSONValue.writeString(text, to: &output)
        case let .array(items):
            if items.isEmpty { output.append("[]" as StaticString); return }
            output.append(UInt8(ascii: "["))
            for index in items.indices {
                let item = items[index]
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, indent, level + 1)
                item.write(to: &output, indent: indent, level: level + 1)
            }
            JSONValue.newline(&output, indent, level)
            output.append(UInt8(ascii: "]"))
        case let .object(pairs):
            if pairs.isEmpty { output.append("{}" as StaticString); return }
            output.append(UInt8(ascii: "{"))
            for index in pairs.indices {
                let pair = pairs[index]
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, indent, level + 1)
                JSONValue.writeString(pair.0, to: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                pair.1.write(to: &output, indent: indent, level: level + 1)
            }
            JSONValue.newline(&output, indent, level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout ByteBuffer, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<level { output.append(indent) }
    }

    /// A JSON string: `"`, `\\` and control characters escaped, and U+2028/U+2029 (line and paragraph
    /// separators, which break JavaScript) as `\u2028`/`\u2029`; everything else copied byte for byte.
    private static func writeString(_ text: String, to output: inout ByteBuffer) {
        output.append(UInt8(ascii: "\""))
        // Borrowed in place (no copy of the string, so no retain and release) whenever it is contiguous UTF-8.
        if text.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, to: &output) }) == nil {
            var text = text
            text.withUTF8 { writeEscaped($0, to: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The body of a JSON string: `bytes` with the escapes `writeString` describes.
    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout ByteBuffer) {
        guard let base = bytes.baseAddress else { return }
        // Runs of bytes that need no escape (nearly all of them) are copied in one go. Eight bytes are
        // checked at once while none of them can need an escape; a word that might is looked at byte by
        // byte, and only a byte that may need an escape reaches the switch.
        var plainStart = 0
        var index = 0
        while index < bytes.count {
            if bytes.count - index >= 8,
               !mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let wordEnd = Swift.min(index + 8, bytes.count)
            while index < wordEnd {
                let byte = bytes[index]
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0xE2 {
                    index += 1
                    continue
                }
                let escape: StaticString
                var width = 1
                var hexDigits = false
                switch byte {
                case UInt8(ascii: "\""): escape = #"\""#
                case UInt8(ascii: "\\"): escape = #"\\"#
                case UInt8(ascii: "\n"): escape = #"\n"#
                case UInt8(ascii: "\r"): escape = #"\r"#
                case UInt8(ascii: "\t"): escape = #"\t"#
                case 0..<0x20:
                    escape = #"\u00"#
                    hexDigits = true
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#
                    width = 3
                default:
                    // Another character starting with 0xE2: no escape.
                    index += 1
                    continue
                }
                output.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[plainStart..<index])))
                output.append(escape)
                if hexDigits {
                    // Other control characters: `\u00` and two lowercase hex digits.
                    output.append(hexDigit(byte >> 4))
                    output.append(hexDigit(byte & 0x0F))
                }
                index += width
                plainStart = index
            }
        }
        output.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[plainStart..<bytes.count])))
    }

    /// Whether any of the eight bytes of `word` is a control character (below 0x20), `"`, `\\`, or not
    /// ASCII (0xE2 starts U+2028 and U+2029). Never false when one is; rarely true when none is.
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        (plainRunStops(word) | word) & (0x0101_0101_0101_0101 &* 0x80) != 0
    }

    /// The high bit of each of the eight bytes of `word` (read little-endian) that is a control character
    /// (below 0x20), `"` or `\\`, the bytes that end a run of plain string text; other bits are clear.
    /// The lowest byte flagged is always one of them; bytes above it may be flagged without being one.
    ///
    /// The classic bit trick: subtracting 0x01 (or 0x20) from every byte at once sets a byte's high bit
    /// when that byte was 0x00 (below 0x20); `& ~x` drops bytes whose high bit was already set (not
    /// ASCII, so none of these). A borrow from a lower byte can only flag a higher one when the lower
    /// byte itself matched.
    static func plainRunStops(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let control = (word &- ones &* 0x20) & ~word
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return (control | isQuote | isBackslash) & (ones &* 0x80)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

// MARK: - Parsing

/// Why a JSON text could not be parsed.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259). Duplicate keys keep their first value.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            do throws(JSONParseError) {
                return .success(try parse(utf8: UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses JSON text given as UTF-8 bytes, for example a column read straight from SQLite without
    /// first copying it into a `String`. Same rules as `parse(_:)`.
    public static func parse(utf8 bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        return try parser.parseDocument()
    }
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected trailing characters") }
        return value
    }

    func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < 256 else { throw fail("nested too deeply") }
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: return try parseNumber()
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        // A StaticString's bytes are read in place: an array of them per literal was an allocation per `null`.
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count else { throw fail("unexpected end of input") }
        for offset in 0..<expected.count where bytes[index + offset] != expected[offset] {
            throw fail("invalid literal")
        }
        index += expected.count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var pairs: [(String, JSONValue)] = []
        // Payload objects have a handful of keys: one allocation instead of growing 1, 2, 4, 8.
        pairs.reserveCapacity(8)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try parseString(isKey: true)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            let value = try parseValue(depth: depth + 1)
            if !pairs.contains(where: { $0.0 == key }) { pairs.append((key, value)) }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    /// `position` moved past every whole 8-byte word holding no quote, backslash or control character,
    /// to the first byte that may end the plain run; unchanged when fewer than eight bytes remain.
    func skipPlainWords(from position: Int) -> Int {
        var position = position
        while bytes.count - position >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self))
            let stops = JSONValue.plainRunStops(word)
            if stops != 0 { return position + stops.trailingZeroBitCount / 8 }
            position += 8
        }
        return position
    }

    /// The string starting at `index` (its opening quote); an object key (`isKey`) comes from `JSONKeys` when known.
    mutating func parseString(isKey: Bool = false) throws(JSONParseError) -> String {
        // Scans with a local position (written back to `index` before returning or failing, so error
        // offsets are where the problem is): the loop then keeps it in a register.
        var position = index + 1
        let start = position
        // Fast path: no escapes. Eight bytes are skipped at once while none of them can end the plain run.
        while position < bytes.count {
            position = skipPlainWords(from: position)
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
                if isKey, let known = JSONKeys.known(text) { return known }
                return String(decoding: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { index = position; throw fail("control character in string") }
            position += 1
        }
        // With escapes: plain runs are copied whole, escapes decoded one by one.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(position - start + 32)
        var runStart = start
        while position < bytes.count {
            position = skipPlainWords(from: position)
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte >= 0x20 {
                position += 1
                continue
            }
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte < 0x20 { index = position; throw fail("control character in string") }
            position += 1
            guard position < bytes.count else { break }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                index = position
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    else { throw fail("unpaired surrogate") }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw fail("unpaired surrogate")
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("invalid code point") }
                utf8.append(contentsOf: String(scalar).utf8)
                position = index
            default:
                index = position
                throw fail("invalid escape")
            }
            runStart = position
        }
        index = position
        throw fail("unterminated string")
    }

    /// The integer written in `range` (an optional minus, then digits, as `parseNumber` checked), or nil
    /// when it does not fit in 64 bits. Read straight from the bytes: no `String` per number.
    func integer(_ range: Range<Int>) -> Int64? {
        let negative = bytes[range.lowerBound] == UInt8(ascii: "-")
        var magnitude: UInt64 = 0
        for position in (negative ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[position] - 48))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw fail("invalid hex digit")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        guard index > digitsStart else { throw fail("invalid value") }
        if bytes[digitsStart] == 48, index - digitsStart > 1 { throw fail("leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > fractionStart else { throw fail("invalid fraction") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > exponentStart else { throw fail("invalid exponent") }
        }
        if isInteger, let value = integer(start..<index) { return .int(value) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw fail("invalid number") }
        // 1e400 would become infinity, which JSON cannot write back (it would turn into null).
        guard value.isFinite else { throw fail("number out of range") }
        return .double(value)
    }
}
