import BreachDomain
import Foundation

/// The `--since` (inclusive) / `--until` (exclusive) window of a report.
public struct ReportWindow: Sendable, Equatable {
    public var since: Date?
    public var until: Date?

    public init(since: Date? = nil, until: Date? = nil) {
        self.since = since
        self.until = until
    }

    /// What the flags accept, for error messages.
    public static let expectedFormat = "use YYYY-MM-DD (midnight UTC) or an RFC 3339 time such as 2026-11-28T09:12:00Z"

    /// Parses the flags' text; a malformed value or an empty window is a usage error.
    public static func parse(since: String?, until: String?) throws(BreachError) -> ReportWindow {
        let window = ReportWindow(since: try date(since, flag: "--since"), until: try date(until, flag: "--until"))
        if let start = window.since, let end = window.until, start >= end {
            throw .invalidInput("--since \(RFC3339.format(start)) is not before --until \(RFC3339.format(end)); the window would be empty (--since is inclusive, --until exclusive)")
        }
        return window
    }

    private static func date(_ text: String?, flag: String) throws(BreachError) -> Date? {
        guard let text else { return nil }
        guard let date = RFC3339.parseDateOrTime(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidInput("\(flag) '\(TextRules.printable(text))' is not a date; \(expectedFormat)")
        }
        return date
    }

    /// True when `date` falls inside the window.
    public func contains(_ date: Date) -> Bool {
        (since.map { date >= $0 } ?? true) && (until.map { date < $0 } ?? true)
    }
}
