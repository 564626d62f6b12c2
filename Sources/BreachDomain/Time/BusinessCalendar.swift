import Foundation

/// A holiday calendar with the time zone its dates are read in: what business days skip, where.
///
/// Kept as its own data file (`Playbooks/calendars/<id>.yml`) and referenced by playbooks, so one
/// correction reaches every playbook that uses it. Declaring an incident copies the calendar into each
/// obligation's snapshot: a later correction never moves a due time already computed (`breach check`
/// says when an open obligation's calendar was corrected after it was computed).
public struct BusinessCalendar: Sendable, Equatable, Hashable {
    /// The file name without `.yml`, as playbooks name it in `calendar:`.
    public var id: String
    /// An IANA time zone (`America/New_York`): business days and `end_of_day` are that zone's dates.
    public var timeZone: String
    /// The first and last calendar years whose holidays the file lists completely.
    public var firstYear: Int
    public var lastYear: Int
    /// Dates `YYYY-MM-DD` (in the calendar's zone) that are not business days.
    public var holidays: [String]
    /// Where the dates come from, for auditors.
    public var source: String?

    public init(id: String, timeZone: String, firstYear: Int, lastYear: Int, holidays: [String], source: String? = nil) {
        self.id = id
        self.timeZone = timeZone
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.holidays = holidays
        self.source = source
    }

    /// Whether the holidays of `year` are listed.
    public func covers(year: Int) -> Bool { year >= firstYear && year <= lastYear }

    /// The covered years in words, e.g. `2026–2027`.
    public var coverageText: String { firstYear == lastYear ? "\(firstYear)" : "\(firstYear)–\(lastYear)" }

    /// Whether `other` would compute any due time differently: zone, coverage or holidays changed.
    /// The source text is documentation and does not count.
    public func differsInRules(from other: BusinessCalendar) -> Bool {
        timeZone != other.timeZone || firstYear != other.firstYear || lastYear != other.lastYear
            || Set(holidays) != Set(other.holidays)
    }

    enum Key {
        static let id = "id", timeZone = "time_zone", firstYear = "first_year", lastYear = "last_year"
        static let holidays = "holidays", source = "source"
    }

    /// The stored form (inside an obligation snapshot), keys in a fixed order.
    public var payload: JSONValue {
        .object([
            (Key.id, .string(id)),
            (Key.timeZone, .string(timeZone)),
            (Key.firstYear, .int(Int64(firstYear))),
            (Key.lastYear, .int(Int64(lastYear))),
            (Key.holidays, .array(holidays.map(JSONValue.string))),
            (Key.source, .optional(source)),
        ])
    }

    /// Reads a stored calendar; nil when a required part is missing.
    public init?(payload: JSONValue) {
        guard let id = payload[Key.id]?.stringValue, let zone = payload[Key.timeZone]?.stringValue,
              let first = payload[Key.firstYear]?.intValue, let last = payload[Key.lastYear]?.intValue else { return nil }
        self.init(id: id, timeZone: zone, firstYear: first, lastYear: last,
                  holidays: (payload[Key.holidays]?.arrayValue ?? []).compactMap(\.stringValue),
                  source: payload[Key.source]?.stringValue)
    }
}

/// A due time that would need holidays of a year its calendar does not list: refused at declaration,
/// flagged on the obligation when the anchor comes later. Never computed without them.
public struct CalendarGap: Error, Sendable, Equatable, CustomStringConvertible {
    public let calendarID: String
    public let year: Int
    public let coverage: String

    public var description: String {
        "calendar \(calendarID) covers \(coverage) but the due time needs \(year)'s holidays; add them to calendars/\(calendarID).yml (and its covers:)"
    }
}
