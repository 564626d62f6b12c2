import Foundation
import Testing
@testable import BreachDomain

/// Hand-computed due times. Every expected value was worked out on paper (and cross-checked against a
/// wall calendar), never with `DeadlineCalculator`, so these catch regressions in the calendar math.
@Suite struct DeadlineGoldenTests {
    /// One row of the golden table: anchor + duration (+ holidays) = expected due time.
    struct Row: CustomTestStringConvertible, Sendable {
        let anchor: String
        let duration: String
        let holidays: Set<String>
        let expected: String
        let why: String

        init(_ anchor: String, _ duration: String, _ expected: String, holidays: Set<String> = [], _ why: String) {
            self.anchor = anchor
            self.duration = duration
            self.holidays = holidays
            self.expected = expected
            self.why = why
        }

        var testDescription: String { "\(anchor) + \(duration) = \(expected) (\(why))" }
    }

    static let usHolidays2026: Set<String> = ["2026-07-03", "2026-11-26", "2026-12-25", "2027-01-01"]

    static let rows: [Row] = [
        // Hours: exact, across month and year ends, leap days and DST dates (UTC has none).
        Row("2026-03-10T09:00:00Z", "72h", "2026-03-13T09:00:00Z", "plain 72 hours"),
        Row("2026-01-30T22:15:00Z", "72h", "2026-02-02T22:15:00Z", "across a month end"),
        Row("2026-12-30T18:00:00Z", "72h", "2027-01-02T18:00:00Z", "across a year end"),
        Row("2026-12-31T23:30:00Z", "1h", "2027-01-01T00:30:00Z", "one hour into the new year"),
        Row("2024-02-28T12:00:00Z", "24h", "2024-02-29T12:00:00Z", "onto a leap day"),
        Row("2025-02-28T12:00:00Z", "24h", "2025-03-01T12:00:00Z", "no leap day in 2025"),
        Row("2026-03-29T00:30:00Z", "24h", "2026-03-30T00:30:00Z", "EU DST change day is 24 h in UTC"),
        Row("2026-05-02T08:30:00Z", "72 hours", "2026-05-05T08:30:00Z", "long spelling"),
        // Calendar days: 24 h each.
        Row("2026-01-15T10:00:00Z", "60d", "2026-03-16T10:00:00Z", "HIPAA 60 days, non-leap February"),
        Row("2024-01-15T10:00:00Z", "60 days", "2024-03-15T10:00:00Z", "HIPAA 60 days, leap February"),
        Row("2026-11-20T08:00:00Z", "60d", "2027-01-19T08:00:00Z", "across a year end"),
        Row("2026-06-01T00:00:00Z", "1d", "2026-06-02T00:00:00Z", "one day at midnight"),
        Row("2026-12-25T23:59:59Z", "7d", "2027-01-01T23:59:59Z", "a week, last second of the day"),
        // Calendar months: same day and time, clamped to the month end.
        Row("2026-01-31T10:00:00Z", "1mo", "2026-02-28T10:00:00Z", "Jan 31 clamps to Feb 28"),
        Row("2024-01-31T10:00:00Z", "1 month", "2024-02-29T10:00:00Z", "Jan 31 clamps to Feb 29 in a leap year"),
        Row("2026-03-31T14:30:00Z", "1mo", "2026-04-30T14:30:00Z", "Mar 31 clamps to Apr 30"),
        Row("2026-12-31T23:00:00Z", "1mo", "2027-01-31T23:00:00Z", "Dec 31 to Jan 31 across the year"),
        Row("2026-01-15T09:00:00Z", "1mo", "2026-02-15T09:00:00Z", "mid-month, no clamping"),
        Row("2026-11-30T12:00:00Z", "3 months", "2027-02-28T12:00:00Z", "three months, clamped, next year"),
        Row("2023-08-31T06:00:00Z", "6mo", "2024-02-29T06:00:00Z", "six months onto a leap day"),
        Row("2024-02-29T08:00:00Z", "12mo", "2025-02-28T08:00:00Z", "a year after a leap day"),
        // Business days: Mon-Fri minus holidays, same time of day, anchor date never counts.
        Row("2026-03-02T15:00:00Z", "4bd", "2026-03-06T15:00:00Z", "Monday to Friday"),
        Row("2026-03-05T10:00:00Z", "4bd", "2026-03-11T10:00:00Z", "Thursday over a weekend"),
        Row("2026-03-06T17:00:00Z", "4 business days", "2026-03-12T17:00:00Z", "Friday over a weekend"),
        Row("2026-03-07T11:00:00Z", "4bd", "2026-03-12T11:00:00Z", "Saturday anchor: Monday is day 1"),
        Row("2026-03-08T11:00:00Z", "1bd", "2026-03-09T11:00:00Z", "Sunday anchor: Monday is day 1"),
        Row("2026-03-06T23:59:59Z", "10bd", "2026-03-20T23:59:59Z", "two full weeks"),
        Row("2026-11-25T16:00:00Z", "4bd", "2026-12-02T16:00:00Z", holidays: usHolidays2026, "over Thanksgiving"),
        Row("2026-11-26T09:00:00Z", "4bd", "2026-12-02T09:00:00Z", holidays: usHolidays2026, "anchor on Thanksgiving"),
        Row("2026-12-23T12:00:00Z", "4bd", "2026-12-30T12:00:00Z", holidays: usHolidays2026, "over Christmas"),
        Row("2026-12-29T12:00:00Z", "4bd", "2027-01-05T12:00:00Z", holidays: usHolidays2026, "over New Year's Day"),
        Row("2026-07-02T20:00:00Z", "1bd", "2026-07-06T20:00:00Z", holidays: usHolidays2026, "observed Independence Day"),
        Row("2026-07-02T20:00:00Z", "1bd", "2026-07-03T20:00:00Z", "same without the holiday list"),
    ]

    @Test(arguments: rows)
    func dueTime(_ row: Row) throws {
        let anchor = try #require(RFC3339.parse(row.anchor))
        let duration = try ObligationDuration(parsing: row.duration)
        let due = DeadlineCalculator.due(from: anchor, adding: duration, holidays: row.holidays)
        #expect(RFC3339.format(due) == row.expected)
    }

    @Test func keepsFractionalSecondsOfTheAnchor() throws {
        let anchor = try #require(RFC3339.parse("2026-01-31T10:00:00.250Z"))
        let due = DeadlineCalculator.due(from: anchor, adding: .months(1), holidays: [])
        #expect(RFC3339.formatMillis(due) == "2026-02-28T10:00:00.250Z")
    }
}
