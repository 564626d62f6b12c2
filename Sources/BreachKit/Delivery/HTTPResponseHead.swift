import Foundation

/// The final response head of an HTTP exchange, parsed from captured header lines.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header fields in order, names as received.
    public var fields: [(name: String, value: String)]

    public init(status: Int, reason: String, fields: [(name: String, value: String)]) {
        self.status = status
        self.reason = reason
        self.fields = fields
    }

    /// The first value of a header, its name compared without regard to ASCII case.
    ///
    /// Field names are ASCII tokens (RFC 9110); Foundation's locale-aware comparison was a visible share
    /// of reading every receipt.
    public func header(_ name: String) -> String? {
        fields.first { Self.sameASCIIIgnoringCase($0.name, name) }?.value
    }

    static func sameASCIIIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        return lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { folded($0) == folded($1) }
    }

    /// Parses the last response head in `raw` (libcurl passes every head,
    /// e.g. `100 Continue` before the final one). Nil when there is none.
    public static func parseLast(_ raw: String) -> HTTPResponseHead? {
        // Heads are nearly always ASCII: read them as bytes (the same lines, splits and trims as below,
        // where ASCII is concerned), without breaking graphemes or bridging to NSString per field.
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            return raw.utf8.withContiguousStorageIfAvailable(parseLastASCII) ?? Array(raw.utf8).withUnsafeBufferPointer(parseLastASCII)
        }
        var current: HTTPResponseHead?
        // "\r\n" is one Character in Swift, so split on newline characters, not on "\n".
        for line in raw.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            if line.hasPrefix("HTTP/") {
                let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                guard parts.count >= 2, let status = Int(parts[1]) else { continue }
                current = HTTPResponseHead(status: status, reason: parts.count > 2 ? String(parts[2]) : "", fields: [])
            } else if let colon = line.firstIndex(of: ":"), current != nil {
                let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
                let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                current?.fields.append((name, value))
            }
        }
        return current
    }

    /// `parseLast` of an all-ASCII head.
    private static func parseLastASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPResponseHead? {
        // The ASCII characters Swift counts as newlines: LF, VT, FF, CR.
        func isLineBreak(_ byte: UInt8) -> Bool { byte >= 0x0A && byte <= 0x0D }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func text(_ part: Slice<UnsafeBufferPointer<UInt8>>) -> String { String(decoding: part, as: UTF8.self) }
        func trimmed(_ part: Slice<UnsafeBufferPointer<UInt8>>) -> String {
            var start = part.startIndex, end = part.endIndex
            while start < end && isBlank(bytes[start]) { start += 1 }
            while end > start && isBlank(bytes[end - 1]) { end -= 1 }
            return text(bytes[start..<end])
        }
        var current: HTTPResponseHead?
        for line in bytes.split(omittingEmptySubsequences: true, whereSeparator: isLineBreak) {
            if line.starts(with: "HTTP/".utf8) {
                let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true)
                guard parts.count >= 2, let status = Int(text(parts[1])) else { continue }
                current = HTTPResponseHead(status: status, reason: parts.count > 2 ? text(parts[2]) : "", fields: [])
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), current != nil {
                current?.fields.append((trimmed(line[..<colon]), trimmed(line[(colon + 1)...])))
            }
        }
        return current
    }

    public static func == (lhs: HTTPResponseHead, rhs: HTTPResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
