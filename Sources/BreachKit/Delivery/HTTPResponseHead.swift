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

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Parses the last response head in `raw` (libcurl passes every head,
    /// e.g. `100 Continue` before the final one). Nil when there is none.
    public static func parseLast(_ raw: String) -> HTTPResponseHead? {
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

    public static func == (lhs: HTTPResponseHead, rhs: HTTPResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
