import Foundation

/// Turns an anchor time and an obligation duration into a due time, in UTC.
///
/// The rules, which docs/playbooks.md repeats for playbook authors:
/// - **hours**: exactly `n × 3600` seconds later.
/// - **days** (calendar days): exactly `n × 24` hours later; UTC has no daylight-saving shifts.
/// - **months**: the same day of the month `n` months later at the same time of day, the day clamped
///   to the end of a shorter month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
/// - **business days**: the same time of day on the n-th business day after the anchor's date, where a
///   business day is Monday to Friday and not one of the holidays. The anchor's own date never counts,
///   so an anchor on a weekend or holiday makes the first business day after it day 1.
public enum DeadlineCalculator {
    private static let secondsPerDay: Int64 = 86_400

    /// The due time of an obligation of `duration` anchored at `anchor`.
    ///
    /// - Parameter holidays: dates `YYYY-MM-DD` (UTC) that are not business days; used only by
    ///   business-day durations.
    public static func due(from anchor: Date, adding duration: ObligationDuration, holidays: Set<String>) -> Date {
        let amount = Int64(duration.amount)
        switch duration.unit {
        case .hours:
            return anchor.addingTimeInterval(Double(amount * 3_600))
        case .days:
            return anchor.addingTimeInterval(Double(amount * secondsPerDay))
        case .months:
            let (day, timeOfDay) = split(anchor)
            let (year, month, dayOfMonth) = RFC3339.civilFromDays(day)
            let monthIndex = Int64(year) * 12 + Int64(month - 1) + amount
            let newYear = Int(floorDiv(monthIndex, 12))
            let newMonth = Int(monthIndex - Int64(newYear) * 12) + 1
            let newDay = min(dayOfMonth, RFC3339.daysInMonth(year: newYear, month: newMonth))
            return join(RFC3339.daysFromCivil(year: newYear, month: newMonth, day: newDay), timeOfDay)
        case .businessDays:
            let (startDay, timeOfDay) = split(anchor)
            var day = startDay
            var counted: Int64 = 0
            while counted < amount {
                day += 1
                if isBusinessDay(day, holidays: holidays) { counted += 1 }
            }
            return join(day, timeOfDay)
        }
    }

    /// The due time of an obligation of `duration` anchored at `anchor`, counted in `calendar`'s zone.
    ///
    /// - Throws: `CalendarGap` when counting business days would walk over a date of a year the
    ///   calendar does not cover: such a due time is never guessed without that year's holidays.
    public static func due(from anchor: Date, adding duration: ObligationDuration, calendar: BusinessCalendar?,
                           endOfDay: Bool) throws(CalendarGap) -> Date {
        let zone = calendar.flatMap { ZonedTime(identifier: $0.timeZone) } ?? .utc
        let amount = Int64(duration.amount)
        var due: Date
        switch duration.unit {
        case .hours:
            due = anchor.addingTimeInterval(Double(amount * 3_600))
        case .days:
            let (day, timeOfDay) = zone.split(anchor)
            due = zone.instant(day: day + amount, timeOfDay: timeOfDay)
        case .months:
            let (day, timeOfDay) = zone.split(anchor)
            let (year, month, dayOfMonth) = RFC3339.civilFromDays(day)
            let monthIndex = Int64(year) * 12 + Int64(month - 1) + amount
            let newYear = Int(floorDiv(monthIndex, 12))
            let newMonth = Int(monthIndex - Int64(newYear) * 12) + 1
            let newDay = min(dayOfMonth, RFC3339.daysInMonth(year: newYear, month: newMonth))
            due = zone.instant(day: RFC3339.daysFromCivil(year: newYear, month: newMonth, day: newDay), timeOfDay: timeOfDay)
        case .businessDays:
            let (startDay, timeOfDay) = zone.split(anchor)
            let holidays = Set(calendar?.holidays ?? [])
            var day = startDay
            var counted: Int64 = 0
            while counted < amount {
                day += 1
                if let calendar {
                    let year = RFC3339.civilFromDays(day).year
                    guard calendar.covers(year: year) else {
                        throw CalendarGap(calendarID: calendar.id, year: year, coverage: calendar.coverageText)
                    }
                }
                if isBusinessDay(day, holidays: holidays) { counted += 1 }
            }
            due = zone.instant(day: day, timeOfDay: timeOfDay)
        }
        if endOfDay {
            due = zone.instant(day: zone.split(due).day, timeOfDay: 86_399)
        }
        return due
    }

    /// Whether the UTC date `daysSinceEpoch` is a Monday to Friday that is not in `holidays`.
    public static func isBusinessDay(_ daysSinceEpoch: Int64, holidays: Set<String>) -> Bool {
        // 1970-01-01 was a Thursday; with Sunday = 0, Thursday = 4.
        let weekday = floorMod(daysSinceEpoch + 4, 7)
        guard weekday != 0, weekday != 6 else { return false }
        if holidays.isEmpty { return true }
        return !holidays.contains(dateText(daysSinceEpoch))
    }

    /// `YYYY-MM-DD` of a day count, as holidays are written.
    static func dateText(_ daysSinceEpoch: Int64) -> String {
        RFC3339.formatDate(Date(timeIntervalSince1970: Double(daysSinceEpoch * secondsPerDay)))
    }

    /// The UTC day of `date` and the (possibly fractional) seconds into that day.
    private static func split(_ date: Date) -> (day: Int64, timeOfDay: Double) {
        let seconds = date.timeIntervalSince1970
        let day = Int64((seconds / Double(secondsPerDay)).rounded(.down))
        return (day, seconds - Double(day * secondsPerDay))
    }

    private static func join(_ day: Int64, _ timeOfDay: Double) -> Date {
        Date(timeIntervalSince1970: Double(day * secondsPerDay) + timeOfDay)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }
}
