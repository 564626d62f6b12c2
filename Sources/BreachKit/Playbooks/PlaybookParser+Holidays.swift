import Foundation
import Yams

/// Reading the `holidays:` list of business-day exceptions.
extension PlaybookParser {
    /// The holidays as written, each a real `YYYY-MM-DD` date listed once.
    func parseHolidays(_ entry: Entry) -> [String] {
        guard !isNull(entry.value) else { return [] }
        guard let nodes = sequence(entry.value, what: "holidays", example: "holidays:\n  - 2026-12-25") else { return [] }
        var dates: [String] = []
        for node in nodes {
            let (line, column) = position(node)
            guard let raw = scalarText(node) else {
                fail(.invalidHoliday, line: line, column: column, "a holiday must be a date written YYYY-MM-DD, e.g. 2026-12-25")
                continue
            }
            guard raw.utf8.count == 10, RFC3339.parseDateOrTime(raw) != nil else {
                fail(.invalidHoliday, line: line, column: column,
                     "'\(raw)' is not a calendar date; write holidays as YYYY-MM-DD, e.g. 2026-12-25")
                continue
            }
            if dates.contains(raw) {
                fail(.invalidHoliday, line: line, column: column, "holiday \(raw) is listed twice; list it once")
                continue
            }
            dates.append(raw)
        }
        return dates
    }
}
