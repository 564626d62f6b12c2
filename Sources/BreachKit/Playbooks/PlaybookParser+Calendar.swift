import BreachDomain
import Foundation
import Yams

/// Reading a calendar file (`calendars/<id>.yml`) with the playbook parser's node helpers and errors.
extension PlaybookParser {
    static let calendarKeys = ["id", "title", "time_zone", "covers", "source", "holidays"]
    static let coversKeys = ["from", "through"]

    /// Parses a calendar; nil when there was any problem (then `errors` says what).
    func parseCalendar(yaml: String) -> BusinessCalendar? {
        guard let root = document(yaml, empty: "the file is empty; a calendar needs id, time_zone, covers and holidays") else { return nil }
        guard let top = entries(of: root, what: "the calendar", allowed: Self.calendarKeys,
                                required: ["id", "time_zone", "covers", "holidays"]) else { return nil }
        let id = identifier(top["id"], what: "calendar id")
        _ = top["title"].flatMap { optionalText($0) }
        let source = top["source"].flatMap { optionalText($0) }
        var zone: String?
        if let entry = top["time_zone"], let name = text(entry, what: "time_zone") {
            if ZonedTime(identifier: name) == nil || !name.contains("/") && name != "UTC" {
                let (line, column) = position(entry.value)
                fail(.invalidCalendar, line: line, column: column,
                     "time_zone '\(name)' is not an IANA time zone; write e.g. America/New_York, Europe/Brussels or UTC")
            } else {
                zone = name
            }
        }
        var years: (Int, Int)?
        if let entry = top["covers"], let fields = entries(of: entry.value, what: "covers", allowed: Self.coversKeys, required: ["from", "through"]) {
            let from = fields["from"].flatMap { year($0) }
            let through = fields["through"].flatMap { year($0) }
            if let from, let through {
                if from > through {
                    let (line, column) = position(fields["through"]!.value)
                    fail(.invalidCalendar, line: line, column: column, "covers through \(through) is before from \(from); write the first year, then the last")
                } else {
                    years = (from, through)
                }
            }
        }
        let holidays = top["holidays"].map(parseHolidays) ?? []
        if let years, let entry = top["holidays"], case .sequence(let nodes) = entry.value {
            for node in nodes {
                guard let text = scalarText(node), let year = Int(text.prefix(4)), year < years.0 || year > years.1 else { continue }
                let (line, column) = position(node)
                fail(.invalidCalendar, line: line, column: column,
                     "holiday \(text) is outside the covered years \(years.0)–\(years.1); widen covers: or remove it")
            }
        }
        guard errors.isEmpty, let id, let zone, let years else { return nil }
        return BusinessCalendar(id: id, timeZone: zone, firstYear: years.0, lastYear: years.1, holidays: holidays, source: source)
    }

    /// A year between 1970 and 9999 written as a number.
    private func year(_ entry: Entry) -> Int? {
        let (line, column) = position(entry.value)
        guard let text = scalarText(entry.value), let value = Int(text), (1970...9999).contains(value) else {
            fail(.invalidCalendar, line: line, column: column, "\(entry.key) must be a year between 1970 and 9999, e.g. 2026")
            return nil
        }
        return value
    }
}
